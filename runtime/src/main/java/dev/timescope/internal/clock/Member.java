package dev.timescope.internal.clock;

/**
 * One thread's membership of a domain (contract, section 1) and its line in the domain's ledger.
 *
 * <p>Mutable fields are guarded by {@link #domain}. A member counts as runnable while it is
 * {@link State#RUNNING}: from {@code Thread.start} until it enters an intercepted wait, and again from
 * the instant another thread unparks, interrupts or times it out.
 */
public final class Member {

    enum State { NEW, RUNNING, WAITING, TERMINATED }

    final Domain domain;
    final Thread thread;
    final boolean root;
    /** The member that constructed this thread; null for the root. */
    final Member creator;
    /** A few frames of where the thread was constructed, for leak reports. */
    final StackTraceElement[] creationSite;

    State state;
    /** The wait in progress while {@link State#WAITING}, else null. */
    Wait wait;
    /** The virtual {@code LockSupport} permit: an unpark that came while the member was not parked. */
    boolean permit;
    /** Real nanoTime since which the watchdog has seen its thread NEW although start() began; -1 if not. */
    long unstartedSince = -1;

    Member(Domain domain, Thread thread, boolean root, Member creator, StackTraceElement[] creationSite) {
        this.domain = domain;
        this.thread = thread;
        this.root = root;
        this.creator = creator;
        this.creationSite = creationSite;
        this.state = root ? State.RUNNING : State.NEW;
    }

    public Domain domain() {
        return domain;
    }

    public Thread thread() {
        return thread;
    }

    public boolean isRoot() {
        return root;
    }

    @Override
    public String toString() {
        return "\"" + thread.getName() + "\"" + (root ? " (root)" : "");
    }
}
