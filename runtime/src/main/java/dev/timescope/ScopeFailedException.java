package dev.timescope;

import java.util.List;

/**
 * A fail-fast scope ({@link TaskGroup}) stopped because a task failed, or every racer of a
 * {@link Tasks#race race} failed. The first failure is the {@linkplain #getCause() cause}; the others,
 * in the order they happened, are {@linkplain #getSuppressed() suppressed} (the same shape as the
 * JDK's {@code StructuredTaskScope.FailedException}, which carries only the first).
 */
public final class ScopeFailedException extends ScopeException {

    private static final long serialVersionUID = 1L;

    ScopeFailedException(String message, AbstractTaskScope scope, List<Throwable> failures) {
        super(message, scope, failures.get(0));
        for (int i = 1; i < failures.size(); i++) {
            addSuppressed(failures.get(i));
        }
    }
}
