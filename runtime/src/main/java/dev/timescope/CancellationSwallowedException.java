package dev.timescope;

/**
 * A task that was cancelled and interrupted returned normally instead of stopping: it caught the
 * interrupt and carried on. {@link Cancellation#cancelAndWait} reports this rather than pretend the
 * task was cancelled (aiotools raises {@code InvalidStateError} in the same case). The usual fix is
 * to let {@code InterruptedException} propagate, or to restore the interrupt with
 * {@code Thread.currentThread().interrupt()} before returning.
 *
 * <p>Part of the family described in {@link ScopeException}.
 */
public final class CancellationSwallowedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String taskName;
    private final long taskId;

    CancellationSwallowedException(Task<?> task) {
        super("task " + task.name() + " (#" + task.id() + ") was cancelled but returned normally: it swallowed the interrupt"
                + " instead of stopping");
        this.taskName = task.name();
        this.taskId = task.id();
    }

    public String taskName() {
        return taskName;
    }

    public long taskId() {
        return taskId;
    }
}
