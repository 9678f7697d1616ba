package dev.timescope.internal.clock;

/**
 * One blocking call in progress inside a domain: a member's sleep, park or join, or a controller's
 * {@code advance}, {@code runUntilIdle} or {@code awaitQuiescence}. When it has a deadline it is also
 * the timer that ends it.
 */
final class Wait extends Timer {

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
    boolean countsAsPending() {
        return !kind.isController();
    }
}
