package dev.timescope.internal.clock;

/** Why a {@link Wait} ended. */
public enum WakeReason {
    /** Virtual time reached the deadline. */
    TIMEOUT,
    /** {@code LockSupport.unpark} by another thread, or a real wake-up a park may treat as spurious. */
    UNPARKED,
    /** {@code Object.notify}/{@code notifyAll} chose this waiter, or a real wake-up no hook saw ended it. */
    NOTIFIED,
    /** {@code Thread.interrupt}. */
    INTERRUPTED,
    /** The thread a join waited for has terminated. */
    TERMINATED,
    /** A controller's condition holds: quiescent, or idle. */
    CONDITION_MET,
    /** The domain failed (deadlock, runaway): the waiting root or controller must report it. */
    FAILED,
    /** The domain closed under the waiter, which goes on in real time. */
    CLOSED
}
