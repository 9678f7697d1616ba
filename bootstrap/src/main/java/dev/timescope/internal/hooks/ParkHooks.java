package dev.timescope.internal.hooks;

import dev.timescope.VirtualTimeError;
import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.WakeOutcome;
import dev.timescope.internal.clock.WakeReason;
import java.util.concurrent.locks.LockSupport;

/**
 * What the agent calls instead of {@code LockSupport}'s park and unpark, and, on JDK 21+, of the
 * {@code Unsafe.park}/{@code unpark} calls {@code java.util.concurrent} makes directly.
 * Timed parks of members follow the virtual clock; every park and unpark of a member keeps the
 * domain's ledger, which is what decides when the clock may move (section 3.1).
 */
public final class ParkHooks {

    private ParkHooks() {
    }

    /**
     * The blocker a caller of the no-blocker park set itself ({@code LockSupport.setCurrentBlocker}, as a condition's
     * await does): kept for reports, and read before the wait, whose own park clears it.
     */
    private static Object currentBlocker() {
        return LockSupport.getBlocker(Thread.currentThread());
    }

    public static void park() {
        Member m = Domains.current();
        if (m == null) {
            LockSupport.park();
            return;
        }
        Object blocker = currentBlocker();
        parkMember(m, blocker, -1);
        keepBlocker(blocker);
    }

    public static void park(Object blocker) {
        Member m = Domains.current();
        if (m == null) {
            LockSupport.park(blocker);
            return;
        }
        parkMember(m, blocker, -1);
    }

    public static void parkNanos(long nanos) {
        Member m = Domains.current();
        if (m == null) {
            LockSupport.parkNanos(nanos);
            return;
        }
        if (nanos > 0) {
            Object blocker = currentBlocker();
            parkMember(m, blocker, nanos);
            keepBlocker(blocker);
        }
    }

    public static void parkNanos(Object blocker, long nanos) {
        Member m = Domains.current();
        if (m == null) {
            LockSupport.parkNanos(blocker, nanos);
            return;
        }
        if (nanos > 0) {
            parkMember(m, blocker, nanos);
        }
    }

    public static void parkUntil(long deadlineMillis) {
        Member m = Domains.current();
        if (m == null) {
            LockSupport.parkUntil(deadlineMillis);
            return;
        }
        Object blocker = currentBlocker();
        parkMemberUntil(m, blocker, deadlineMillis);
        keepBlocker(blocker);
    }

    public static void parkUntil(Object blocker, long deadlineMillis) {
        Member m = Domains.current();
        if (m == null) {
            LockSupport.parkUntil(blocker, deadlineMillis);
            return;
        }
        parkMemberUntil(m, blocker, deadlineMillis);
    }

    public static void unpark(Thread thread) {
        Member target = thread == null ? null : Domains.memberOf(thread);
        if (target == null) {
            LockSupport.unpark(thread);
        } else {
            unparkMember(target);
        }
    }

    /** Replaces {@code jdk.internal.misc.Unsafe.park(boolean, long)}; the receiver comes first. */
    public static void unsafePark(Object unsafe, boolean absolute, long time) {
        Member m = Domains.current();
        if (m == null) {
            JdkInternals.unsafePark(unsafe, absolute, time);
            return;
        }
        if (m.hasFailureTakingLockBack()) {
            ConditionHooks.beforeRetryTakingLockBack(m); // throws it where the await would try again
        }
        // The caller set its blocker itself (LockSupport.setCurrentBlocker); keep it visible in reports.
        Object blocker = LockSupport.getBlocker(Thread.currentThread());
        if (absolute) {
            parkMemberUntil(m, blocker, time);
        } else if (time == 0) {
            parkMember(m, blocker, -1);
        } else if (time > 0) {
            parkMember(m, blocker, time);
        }
        keepBlocker(blocker);
    }

    /**
     * A park without a blocker leaves the one its caller set as it was (the JDK's does not touch it); the domain's
     * own park clears it, so it is set again, for the caller's next park to find.
     */
    private static void keepBlocker(Object blocker) {
        if (blocker != null) {
            LockSupport.setCurrentBlocker(blocker);
        }
    }

    /** Replaces {@code jdk.internal.misc.Unsafe.unpark(Object)}. */
    public static void unsafeUnpark(Object unsafe, Object thread) {
        Member target = thread instanceof Thread ? Domains.memberOf((Thread) thread) : null;
        if (target == null) {
            JdkInternals.unsafeUnpark(unsafe, thread);
        } else {
            unparkMember(target);
        }
    }

    private static void unparkMember(Member target) {
        try {
            target.domain().unpark(target);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("LockSupport.unpark", e);
            LockSupport.unpark(target.thread());
        }
    }

    private static void parkMember(Member m, Object blocker, long nanos) {
        WakeOutcome outcome = null;
        if (!Thread.currentThread().isInterrupted() // else a real park returns at once too
                && !parkedHoldingTheClock(blocker, m, nanos)) {
            LockQueues.parking(m, blocker);
            try {
                outcome = m.domain().park(m, blocker, nanos);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("LockSupport.park", e);
                if (nanos < 0) {
                    LockSupport.park(blocker);
                } else {
                    LockSupport.parkNanos(blocker, nanos);
                }
                return;
            }
            rethrowFailure(m, blocker, outcome);
        }
        returnedInterrupted(m, blocker, outcome);
    }

    /**
     * A park that an interrupt ended, or that returns with the interrupt set, inside a synchronizer's uninterruptible
     * acquire ({@code lock()}): the acquire clears it and keeps it for its return, so a failure that ends the wait
     * later gives it back ({@link LockQueues}). An interrupt that woke the park counts even before its flag shows:
     * the interrupting thread sets it a moment after the domain has woken the wait, and the acquire may take it then.
     */
    private static void returnedInterrupted(Member m, Object blocker, WakeOutcome outcome) {
        if ((outcome != null && outcome.reason == WakeReason.INTERRUPTED) || Thread.currentThread().isInterrupted()) {
            LockQueues.interrupted(m, blocker);
        }
    }

    private static void parkMemberUntil(Member m, Object blocker, long deadlineMillis) {
        WakeOutcome outcome = null;
        if (!Thread.currentThread().isInterrupted() && !parkedHoldingTheClock(blocker, m, 0)) {
            LockQueues.parking(m, blocker);
            try {
                outcome = m.domain().parkUntil(m, blocker, deadlineMillis);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("LockSupport.parkUntil", e);
                LockSupport.parkUntil(blocker, deadlineMillis);
                return;
            }
            rethrowFailure(m, blocker, outcome);
        }
        returnedInterrupted(m, blocker, outcome);
    }

    /**
     * Parks for real, holding the clock, if {@code blocker} is a lock owned outside {@code m}'s domain or changing
     * hands (section 3.1, see {@link LockOwners}); false if the park is a wait in the domain. A lock changing hands is
     * waited for a moment only, after which the caller looks again.
     */
    private static boolean parkedHoldingTheClock(Object blocker, Member m, long nanos) {
        // No switch on the enum: it would compile to a synthetic class, first loaded inside some thread's park.
        LockOwners.Waiting waiting = LockOwners.waitingFor(blocker, m);
        if (waiting == LockOwners.Waiting.OWNED_OUTSIDE) {
            parkHoldingTheClock(blocker, nanos);
            return true;
        }
        if (waiting == LockOwners.Waiting.CHANGING_HANDS) {
            LockSupport.parkNanos(blocker, HAND_OVER_SLICE_NANOS);
            return true;
        }
        return false;
    }

    /**
     * A member that waits for a lock a thread outside its domain owns is not durably blocked (section 3.1): it
     * parks for real and holds the clock, until that owner lets go. A timed wait parks in short real slices:
     * its caller measures the time left on the virtual clock, which stands still meanwhile, and parks again.
     * (A park may return early for any reason, so callers always check and park again.)
     */
    private static void parkHoldingTheClock(Object blocker, long nanos) {
        if (nanos < 0) {
            LockSupport.park(blocker);
        } else {
            LockSupport.parkNanos(blocker, HOLDING_SLICE_NANOS);
        }
    }

    private static final long HOLDING_SLICE_NANOS = 1_000_000L;

    /** A lock changing hands is released or owned in microseconds: the waiter looks again soon. */
    private static final long HAND_OVER_SLICE_NANOS = 20_000L;

    /**
     * A park may return early for any reason; only a failure of the domain must come out of it, out of a
     * condition's await only once the await has taken its lock back (see {@link ConditionHooks}), and out of a
     * synchronizer's acquire only once the member has left its queue (see {@link LockQueues}). An await that cannot
     * take its lock back lets the failure out without it.
     */
    private static void rethrowFailure(Member m, Object blocker, WakeOutcome outcome) {
        if (outcome.reason == WakeReason.FAILED) {
            VirtualTimeError failure = Domain.failureOf(outcome);
            if (!ConditionHooks.deferToAwait(m, blocker, failure)) {
                m.takeFailureAfterAwait(); // one failure comes out of this wait: one deferred to its await is spent
                if (!ConditionHooks.retriesTakingLockBack(m, blocker, failure)) {
                    LockQueues.leave(m, blocker);
                }
                throw failure;
            }
        }
    }
}
