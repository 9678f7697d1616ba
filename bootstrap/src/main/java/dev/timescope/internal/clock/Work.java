package dev.timescope.internal.clock;

/**
 * Work in flight (contract, section 1): a task a member handed to a pool or a scheduler. It is the one object
 * that carries a domain across threads, like a tracing context: created when a member submits or schedules the
 * task, found again by the task's identity when a pool thread runs it, which then borrows the domain's
 * membership for the run.
 *
 * <p>While queued it counts as runnable, so the clock never moves while it waits for a pool thread; while
 * scheduled it is a timer of the domain, and it is queued from the virtual instant that timer fires. A periodic
 * task alternates between the two. All counts are guarded by {@link #domain}.
 */
public final class Work {

    final Domain domain;
    final Object task;
    final WorkControl control;
    final PoolLoad pool;
    /** The thread that submitted or scheduled it, for reports. */
    final String submitter;
    /** Where it was scheduled (captured for delayed and periodic work, whose leaks matter), or null. */
    final StackTraceElement[] site;
    /** Nanoseconds: positive for a fixed rate, negative for a fixed delay, zero for a one-shot task. */
    final long period;

    /** Submissions or firings waiting for a pool thread. */
    int queued;
    /** Pool threads (or members) running it now. */
    int running;
    /** The pending virtual deadline of a scheduled task, or null. */
    ScheduledTimer timer;
    /** The virtual deadline of its latest firing: a fixed rate counts from it. */
    long dueAt;
    /** Firings so far, for the runaway report. */
    long firings;
    /**
     * Its firings for the runaway guard (section 4); shared with the task that scheduled it from the same site
     * while it ran, so that a task which keeps scheduling its successor counts as one source that re-arms.
     */
    Rearms rearms = new Rearms();
    /** Out of the domain's books: done, dropped, or the domain closed. */
    boolean retired;
    /** Another domain's work for the same task object (a shared Runnable submitted by parallel tests). */
    volatile Work next;

    Work(Domain domain, Object task, WorkControl control, PoolLoad pool, String submitter, StackTraceElement[] site,
         long period) {
        this.domain = domain;
        this.task = task;
        this.control = control;
        this.pool = pool;
        this.submitter = submitter;
        this.site = site;
        this.period = period;
    }

    public Domain domain() {
        return domain;
    }

    public Object task() {
        return task;
    }

    public Object pool() {
        return pool.pool;
    }

    /** Whether nothing of it is left: not queued, not running, not scheduled. */
    boolean isFinished() {
        return queued == 0 && running == 0 && timer == null;
    }

    @Override
    public String toString() {
        return "Work[" + task.getClass().getName() + " of " + domain.name() + "]";
    }
}
