package dev.timescope;

/**
 * The body of a scope run by {@link AbstractTaskScope.Builder#run}: unlike a try-with-resources block,
 * a failing body is seen by the scope, which aborts its children before the failure comes out.
 *
 * @param <S> the kind of scope
 */
@FunctionalInterface
public interface ScopeBody<S extends AbstractTaskScope> {

    void run(S scope) throws Exception;
}
