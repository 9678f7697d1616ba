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

    /** The name of the task that swallowed its cancellation. */
    private final String taskName;
    /** The id of the task that swallowed its cancellation. */
    private final long taskId;

    CancellationSwallowedException(Task<?> task) {
        super("task " + task.name() + " (#" + task.id() + ") was cancelled but returned normally: it swallowed the interrupt"
                + " instead of stopping");
        this.taskName = task.name();
        this.taskId = task.id();
    }

    /**
     * The task that swallowed its cancellation, by name.
     *
     * @return the task's {@link Task#name() name}
     */
    public String taskName() {
        return taskName;
    }

    /**
     * The task that swallowed its cancellation, by id.
     *
     * @return the task's {@link Task#id() id}
     */
    public long taskId() {
        return taskId;
    }
}
