package dev.timescope.internal.clock;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One blocking call in progress inside a domain: a member's sleep, park or join, or a controller's
 * {@code advance}, {@code runUntilIdle} or {@code awaitQuiescence}. When it has a deadline it is also
 * the timer that ends it.
 */
public final class Wait extends Timer {

    static final long NO_DEADLINE = Long.MAX_VALUE;

    final Thread thread;
    /** Null when a thread outside the domain drives it as a controller. */
    final Member member;
    final WaitKind kind;
    /** What the caller waits on: the JDK blocker, the joined thread, or null. */
    final Object blocker;
    /** Set once, under the domain's lock; read without it by the waiting thread. */
    volatile WakeReason reason;
    /** An {@link WaitKind#ADVANCE} whose target the clock reached: it now waits for quiescence. */
    boolean targetReached;
    /** For {@link WakeReason#FAILED}: the failure this waiter must report. */
    Failure failure;

    // Object.wait only: a member waits in a real, untimed Object.wait, which only a notify or an interrupt ends.
    // When the domain ends the wait otherwise (its virtual deadline, a failure, the domain closing), the
    // dispatcher interrupts the thread: the "poke". The waiter then takes that interrupt back, and only that one.
    static final int POKE_NONE = 0;
    static final int POKE_REQUESTED = 1;
    static final int POKE_DELIVERING = 2;
    static final int POKE_DELIVERED = 3;
    static final int POKE_WITHDRAWN = 4;
    /** Written under the domain's lock before {@link #reason}, then by the dispatcher and the waiter. */
    volatile int poke;
    static final AtomicIntegerFieldUpdater<Wait> POKE = AtomicIntegerFieldUpdater.newUpdater(Wait.class, "poke");
    /** {@link Member#interrupts} when the wait began: a real interrupt after it must survive the poke. */
    long interruptsAtStart;
    /**
     * The next wait of the chain a hot path unparks once it has let go of the domain's lock; written under the
     * lock, read by the same thread after it.
     */
    Wait nextToUnpark;
    /** The monitor's waiters this wait is listed in; null for other kinds. */
    MonitorWaiters.Waiters waiters;

    Wait(Thread thread, Member member, WaitKind kind, Object blocker, long deadline) {
        super(deadline);
        this.thread = thread;
        this.member = member;
        this.kind = kind;
        this.blocker = blocker;
    }

    @Override
    public String toString() {
        return kind + " " + thread.getName() + " deadline " + deadline + " blocker " + blocker;
    }

    boolean hasDeadline() {
        return deadline != NO_DEADLINE;
    }

    @Override
    void fire(Domain domain) {
        domain.wakeLocked(this, WakeReason.TIMEOUT);
    }

    @Override
    Object owner() {
        return thread;
    }

    @Override
    Rearms rearms() {
        return member == null ? null : member.rearms;
    }

    @Override
    boolean countsAsPending() {
        return !kind.isController();
    }
}
