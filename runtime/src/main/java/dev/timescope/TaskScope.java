package dev.timescope;

import java.time.Duration;
import java.util.Objects;

/**
 * aiotools' {@code TaskScope}: tasks run to completion whatever their siblings do. A failed task does
 * not cancel its siblings, and the body keeps running; the failure goes at once to the scope's
 * {@link TaskExceptionHandler} (default: logged through {@code System.Logger}). The scope keeps no list
 * of failures; each {@link Task} holds its own outcome.
 *
 * <pre>{@code
 * try (TaskScope scope = TaskScope.open()) {
 *     Task<String> alpha = scope.fork(() -> worker("Alpha", 2));
 *     Task<String> beta = scope.fork(() -> worker("Beta", 1));
 *     System.out.println(beta.join());
 * }
 * System.out.println(alpha.resultNow());
 * }</pre>
 *
 * <p>Leaving, aborting, timeouts and shields: see {@link AbstractTaskScope}. For a scope whose failures
 * stay silently on their tasks, see {@link Supervisor}; for one that fails fast, {@link TaskGroup}.
 */
public final class TaskScope extends AbstractTaskScope {

    TaskScope(Builder<?> options) {
        super(options, Policy.HANDLE);
    }

    /**
     * Opens a scope owned by the calling thread, with the default options; close it with
     * try-with-resources.
     *
     * @return the open scope
     */
    public static TaskScope open() {
        return builder().open();
    }

    /**
     * Opens a scope with this name, owned by the calling thread; close it with try-with-resources.
     *
     * @param name the scope's name, for logs, thread names and JFR
     * @return the open scope
     */
    public static TaskScope open(String name) {
        return builder().name(name).open();
    }

    /**
     * Starts the options of a TaskScope: name, timeout, shield, exception handler, thread factory.
     *
     * @return a new builder, which opens TaskScopes
     */
    public static Builder<TaskScope> builder() {
        return new Builder<>(Kind.TASK_SCOPE);
    }

    /**
     * aiotools' {@code move_on_after}: runs {@code body} in a scope with this timeout, and swallows that
     * timeout. Afterwards every task of the scope is done (those still running at the deadline cancelled).
     * An inner scope's timeout is not swallowed.
     *
     * @param timeout how long the body and its tasks may run; under a virtual clock it is virtual time
     * @param body the code to run in the scope
     * @return true if the timeout expired, false if the body and every task ended before it
     * @throws Exception what the body threw, other than because of the timeout, or what leaving the scope
     *         throws for another reason (see {@link AbstractTaskScope})
     */
    public static boolean moveOnAfter(Duration timeout, ScopeBody<? super TaskScope> body) throws Exception {
        Objects.requireNonNull(body, "body");
        TaskScope[] opened = new TaskScope[1];
        try {
            builder().name("moveOnAfter").timeout(timeout).run(scope -> {
                opened[0] = scope;
                body.run(scope);
            });
            return false;
        } catch (ScopeTimeoutException e) {
            if (opened[0] != null && e.scopeId() == opened[0].id()) {
                return true;
            }
            throw e; // an inner scope's timeout is not ours to swallow
        }
    }
}
