package dev.timescope;

/**
 * The body of a scope run by {@link AbstractTaskScope.Builder#run}: unlike a try-with-resources block,
 * a failing body is seen by the scope, which aborts its children before the failure comes out.
 *
 * @param <S> the kind of scope
 */
@FunctionalInterface
public interface ScopeBody<S extends AbstractTaskScope> {

    /**
     * Runs in the open scope, on the thread that opened it.
     *
     * @param scope the scope, to fork tasks in
     * @throws Exception if the body fails: the scope is aborted, and the exception comes out of
     *         {@code run} once every task has ended
     */
    void run(S scope) throws Exception;
}
