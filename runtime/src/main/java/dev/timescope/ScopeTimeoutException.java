package dev.timescope;

import java.time.Duration;

/**
 * A scope's own timeout expired: its children were cancelled and waited for, and its owner was
 * interrupted. What the body threw because of that interrupt, if anything, is the cause.
 * Thrown when leaving the scope (by {@code close()}, or by the {@code run}/{@code call} forms),
 * and by {@link Timeouts}.
 */
public final class ScopeTimeoutException extends ScopeException {

    private static final long serialVersionUID = 1L;

    /** The timeout that expired. */
    private final Duration timeout;

    ScopeTimeoutException(AbstractTaskScope scope, Duration timeout, Throwable cause) {
        super("scope " + scope.name() + " timed out after " + timeout, scope, cause);
        this.timeout = timeout;
    }

    /**
     * The timeout that expired, as the scope was given it.
     *
     * @return the scope's timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
