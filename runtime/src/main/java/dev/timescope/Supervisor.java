package dev.timescope;

/**
 * aiotools' {@code Supervisor} ({@code TaskScope(exception_handler=None)}): like {@link TaskScope}, a
 * failed task affects nobody else, but its failure is not logged either: it stays on the {@link Task}
 * ({@link Task#exceptionNow()}, {@link Task#status()}). Kotlin's {@code supervisorScope}.
 */
public final class Supervisor extends AbstractTaskScope {

    Supervisor(Builder<?> options) {
        super(options, Policy.SILENT);
    }

    /**
     * Opens a supervisor owned by the calling thread, with the default options; close it with
     * try-with-resources.
     *
     * @return the open supervisor
     */
    public static Supervisor open() {
        return builder().open();
    }

    /**
     * Opens a supervisor with this name, owned by the calling thread; close it with try-with-resources.
     *
     * @param name the supervisor's name, for logs, thread names and JFR
     * @return the open supervisor
     */
    public static Supervisor open(String name) {
        return builder().name(name).open();
    }

    /**
     * Starts the options of a Supervisor: name, timeout, shield, thread factory.
     *
     * @return a new builder, which opens Supervisors
     */
    public static Builder<Supervisor> builder() {
        return new Builder<>(Kind.SUPERVISOR);
    }
}
