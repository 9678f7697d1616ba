package dev.timescope;

import dev.timescope.internal.scope.Signals;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A last-in, first-out cleanup registry (aiotools' {@code defer}/{@code adefer}, Go's {@code defer}):
 *
 * <pre>{@code
 * try (Defer defer = Defer.open()) {
 *     Connection c = connect();
 *     defer.defer(c::close);
 *     Lock l = lock();
 *     defer.defer(l::unlock);
 *     ...
 * }   // l.unlock(), then c.close(), even if the block threw
 * }</pre>
 *
 * Every action runs even if an earlier one fails; {@link #close()} then throws the first failure with the
 * others suppressed (behind the block's own exception, as try-with-resources does). Not thread-safe: it
 * belongs to one block of one thread.
 */
@SuppressWarnings("try") // close() throws what the actions throw, InterruptedException included, on purpose
public final class Defer implements AutoCloseable {

    /** A cleanup action. */
    @FunctionalInterface
    public interface Action {
        /**
         * Cleans up. Whatever it throws is collected by {@link Defer#close()}, and the remaining actions still
         * run.
         *
         * @throws Exception if the cleanup fails
         */
        void run() throws Exception;
    }

    private final Deque<Action> actions = new ArrayDeque<>();

    private Defer() {
    }

    /**
     * Creates an empty registry, to be closed by try-with-resources on the thread that opened it.
     *
     * @return a registry with no actions
     */
    public static Defer open() {
        return new Defer();
    }

    /**
     * Registers {@code action} to run when the block ends, before every action registered earlier.
     *
     * @param action the cleanup to run at {@link #close()}
     * @return this registry
     */
    public Defer defer(Action action) {
        actions.push(Objects.requireNonNull(action, "action"));
        return this;
    }

    /**
     * Runs the registered actions, last first; each runs once, and every one runs even if an earlier one
     * fails. Closing again runs nothing more.
     *
     * @throws Exception the first failure of an action, as it was thrown, with the later ones suppressed
     */
    @Override
    public void close() throws Exception {
        Throwable first = null;
        for (Action a; (a = actions.poll()) != null; ) {
            try {
                a.run();
            } catch (Throwable t) {
                if (first == null) {
                    first = t;
                } else {
                    first.addSuppressed(t);
                }
            }
        }
        if (first != null) {
            throw Signals.<Exception>sneakyThrow(first);
        }
    }
}
