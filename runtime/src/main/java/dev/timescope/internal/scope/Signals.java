package dev.timescope.internal.scope;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;

/** Tells a task that acknowledged its cancellation from one that failed for another reason. */
public final class Signals {

    private Signals() {
    }

    /**
     * True for the ways Java code reports that it stopped because it was interrupted: the
     * exception itself, or (wrapped by a library) anywhere in its cause chain, above any
     * {@code ScopeException}.
     */
    public static boolean isCancellation(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof dev.timescope.ScopeException) {
                return false; // a scope's timeout or failure is news, even when an interrupt caused it
            }
            if (t instanceof InterruptedException || t instanceof CancellationException
                    || t instanceof InterruptedIOException || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** Throws {@code failure} if unchecked; else wraps it, keeping it as the cause. */
    public static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw new java.util.concurrent.CompletionException(failure);
    }

    /** Throws any throwable without declaring it: for bodies whose signature already says {@code throws Exception}. */
    @SuppressWarnings("unchecked")
    public static <X extends Throwable> RuntimeException sneakyThrow(Throwable failure) throws X {
        throw (X) failure;
    }
}
