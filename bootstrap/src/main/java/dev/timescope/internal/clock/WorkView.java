package dev.timescope.internal.clock;

/**
 * What a report says about one piece of work in flight or one scheduled task, copied under the domain's lock
 * so that the report can be written outside it. Describing the task calls its {@code toString}, which is
 * application code, so that too happens outside the lock, in {@link #description()}.
 */
final class WorkView {

    private final Object task;
    private final Object pool;
    private final WorkControl control;
    final String submitter;
    final StackTraceElement[] site;
    final int queued;
    final int running;
    /** The virtual deadline of its pending timer, or {@link Wait#NO_DEADLINE}. */
    final long deadline;
    final long period;
    final long firings;
    /** Queued behind a pool whose threads are all durably blocked in the domain. */
    final boolean blockedBehindPool;

    WorkView(Work w, boolean blockedBehindPool) {
        this.task = w.task;
        this.pool = w.pool.pool;
        this.control = w.control;
        this.submitter = w.submitter;
        this.site = w.site;
        this.queued = w.queued;
        this.running = w.running;
        this.deadline = w.timer == null ? Wait.NO_DEADLINE : w.timer.deadline;
        this.period = w.period;
        this.firings = w.firings;
        this.blockedBehindPool = blockedBehindPool;
    }

    boolean isScheduled() {
        return deadline != Wait.NO_DEADLINE;
    }

    String description() {
        try {
            return control.describe(task, pool);
        } catch (RuntimeException | LinkageError e) {
            return task.getClass().getName();
        }
    }
}
