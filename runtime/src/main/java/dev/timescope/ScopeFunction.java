package dev.timescope;

/**
 * The body of a scope run by {@link AbstractTaskScope.Builder#call}, returning a value.
 *
 * @param <S> the kind of scope
 * @param <R> the result type
 */
@FunctionalInterface
public interface ScopeFunction<S extends AbstractTaskScope, R> {

    /**
     * Runs in the open scope, on the thread that opened it.
     *
     * @param scope the scope, to fork tasks in
     * @return the value {@code call} returns once every task of the scope has ended
     * @throws Exception if the body fails: the scope is aborted, and the exception comes out of
     *         {@code call} once every task has ended
     */
    R apply(S scope) throws Exception;
}
