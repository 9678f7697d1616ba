package dev.timescope;

/**
 * The failures timescope's structured concurrency reports about a scope as a whole, rather than
 * about one task's code. All are unchecked and name the scope:
 * <ul>
 *   <li>{@link ScopeTimeoutException}: the scope's own timeout (or a {@link Timeouts} deadline) expired;</li>
 *   <li>{@link ScopeFailedException}: a fail-fast scope ({@link TaskGroup}) or a {@link Tasks#race race}
 *       failed; the first failure is the cause, the others are suppressed.</li>
 * </ul>
 * The third member of the family is {@link CancellationSwallowedException}, an
 * {@code IllegalStateException}: a task that was cancelled returned normally instead of stopping.
 * A cancellation itself comes out as the JDK's {@link java.util.concurrent.CancellationException}
 * (or the task's own {@link InterruptedException}).
 */
public abstract class ScopeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The name of the scope this is about. */
    private final String scopeName;
    /** The id of the scope this is about. */
    private final long scopeId;

    ScopeException(String message, AbstractTaskScope scope, Throwable cause) {
        super(message, cause);
        this.scopeName = scope.name();
        this.scopeId = scope.id();
    }

    /**
     * The name of the scope this is about, as {@link AbstractTaskScope#name()} gave it.
     *
     * @return the scope's name
     */
    public String scopeName() {
        return scopeName;
    }

    /**
     * The id of the scope this is about, as {@link AbstractTaskScope#id()} gave it: it tells apart scopes
     * with the same name, such as nested ones.
     *
     * @return the scope's id
     */
    public long scopeId() {
        return scopeId;
    }
}
