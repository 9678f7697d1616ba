package dev.timescope;

/**
 * The body of a scope run by {@link AbstractTaskScope.Builder#call}, returning a value.
 *
 * @param <S> the kind of scope
 * @param <R> the result type
 */
@FunctionalInterface
public interface ScopeFunction<S extends AbstractTaskScope, R> {

    R apply(S scope) throws Exception;
}
