package dev.timescope;

/**
 * A fail-fast scope (aiotools' deprecated {@code TaskGroup}, asyncio's {@code TaskGroup}, the JDK's
 * {@code StructuredTaskScope.open()}): the first task that fails cancels its siblings and interrupts the
 * body, and leaving the scope throws {@link ScopeFailedException} with that failure as its cause and any
 * later ones suppressed. Tasks that were cancelled, or cancelled themselves, are not failures.
 */
public final class TaskGroup extends AbstractTaskScope {

    TaskGroup(Builder<?> options) {
        super(options, Policy.FAIL_FAST);
    }

    /**
     * Opens a group owned by the calling thread, with the default options; close it with
     * try-with-resources.
     *
     * @return the open group
     */
    public static TaskGroup open() {
        return builder().open();
    }

    /**
     * Opens a group with this name, owned by the calling thread; close it with try-with-resources.
     *
     * @param name the group's name, for logs, thread names and JFR
     * @return the open group
     */
    public static TaskGroup open(String name) {
        return builder().name(name).open();
    }

    /**
     * Starts the options of a TaskGroup: name, timeout, shield, thread factory.
     *
     * @return a new builder, which opens TaskGroups
     */
    public static Builder<TaskGroup> builder() {
        return new Builder<>(Kind.TASK_GROUP);
    }
}
