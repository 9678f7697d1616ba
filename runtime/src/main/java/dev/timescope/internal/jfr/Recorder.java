package dev.timescope.internal.jfr;

import dev.timescope.internal.clock.ClockRecorder;
import java.util.function.Supplier;

/**
 * How the runtime records its JFR events (docs/events.md). A scope or task asks for a trace when it begins:
 * null, at the cost of one check, unless a recording enables its event; it hands the trace back when it ends.
 * On a JDK without the {@code jdk.jfr} module nothing is ever recorded and no JFR class is touched.
 */
public final class Recorder {

    /** Whether the JDK has {@code jdk.jfr}: otherwise every method does nothing. */
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    /** What a task's cancellation is recorded with: the reason codes of docs/events.md. */
    public static final String FAIL_FAST = "FAIL_FAST";
    /** The scope's timeout expired. */
    public static final String TIMEOUT = "TIMEOUT";
    /** The scope's body threw. */
    public static final String BODY_FAILED = "BODY_FAILED";
    /** The scope's owner was cancelled. */
    public static final String OWNER_CANCELLED = "OWNER_CANCELLED";
    /** {@code abort()} was called. */
    public static final String ABORT = "ABORT";
    /** The task was cancelled through its {@code Future}, or {@code Cancellation.cancelAndWait}. */
    public static final String CANCEL = "CANCEL";

    private Recorder() {
    }

    /**
     * Makes every virtual-time domain record its events from now on; the runtime calls it once, when it loads.
     *
     * @param liveScopes renders the scopes open now, for a deadlock's event
     */
    public static void install(Supplier<String> liveScopes) {
        if (AVAILABLE) {
            ClockRecorder.install(new Events(liveScopes));
        }
    }

    /**
     * A scope opens, on its owner's thread.
     *
     * @return the trace to hand to {@link #scopeClosed}, or null if no recording wants scopes
     */
    public static Object scopeOpened() {
        return AVAILABLE ? Events.scopeOpened() : null;
    }

    /**
     * A scope has closed: records it.
     *
     * @param trace what {@link #scopeOpened} returned, not null
     * @param scopeId the scope's id
     * @param parentScopeId its parent scope's id, or 0
     * @param parentTaskId the id of the task that opened it, or 0
     * @param name its name
     * @param kind {@code TaskScope}, {@code Supervisor} or {@code TaskGroup}
     * @param outcome SUCCESS, ABORTED, FAILED, TIMED_OUT or CANCELLED
     * @param failure what leaving the scope throws, or null
     * @param abortReason why it was aborted, or null
     * @param timeoutNanos its timeout, or 0
     * @param shielded whether it is shielded
     */
    public static void scopeClosed(Object trace, long scopeId, long parentScopeId, long parentTaskId, String name,
            String kind, String outcome, Throwable failure, String abortReason, long timeoutNanos, boolean shielded) {
        Events.scopeClosed(trace, scopeId, parentScopeId, parentTaskId, name, kind, outcome, failure, abortReason,
                timeoutNanos, shielded);
    }

    /**
     * A task is forked, on the forking thread.
     *
     * @return the trace to hand to {@link #taskEnded}, or null if no recording wants tasks
     */
    public static Object taskForked() {
        return AVAILABLE ? Events.taskForked() : null;
    }

    /**
     * A task's thread begins its code: what tells a short task from a long one (see {@code DeferredCommits}).
     *
     * @param trace what {@link #taskForked} returned, not null
     */
    public static void taskStarted(Object trace) {
        Events.taskStarted(trace);
    }

    /**
     * A task's thread has left its code: records the task, on that thread.
     *
     * @param trace what {@link #taskForked} returned, not null
     * @param taskId the task's id
     * @param scopeId its scope's id
     * @param parentTaskId the id of the task that forked it, or 0
     * @param name its name
     * @param outcome SUCCESS, FAILED or CANCELLED
     * @param failure what its code threw, or null
     * @param failed true if the task failed: its failure's stack is recorded too
     */
    public static void taskEnded(Object trace, long taskId, long scopeId, long parentTaskId, String name,
            String outcome, Throwable failure, boolean failed) {
        Events.taskEnded(trace, taskId, scopeId, parentTaskId, name, outcome, failure, failed);
    }

    /**
     * Whether a recording wants cancellations: check before gathering what {@link #taskCancelled} records.
     *
     * @return true if {@link #taskCancelled} would record
     */
    public static boolean cancellationsWanted() {
        return AVAILABLE && Events.cancelEnabled();
    }

    /**
     * A task was cancelled, on the thread that asked.
     *
     * @param taskId the cancelled task
     * @param scopeId its scope
     * @param requesterTaskId the task on whose behalf it was cancelled, or 0
     * @param reason one of the reason codes of this class
     * @param detail the reason in words
     */
    public static void taskCancelled(long taskId, long scopeId, long requesterTaskId, String reason, String detail) {
        Events.taskCancelled(taskId, scopeId, requesterTaskId, reason, detail);
    }
}
