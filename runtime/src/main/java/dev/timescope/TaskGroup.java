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

    /** Opens a group owned by the calling thread. */
    public static TaskGroup open() {
        return builder().open();
    }

    /** Opens a group with this name, owned by the calling thread. */
    public static TaskGroup open(String name) {
        return builder().name(name).open();
    }

    public static Builder<TaskGroup> builder() {
        return new Builder<>(Kind.TASK_GROUP);
    }
}
