package dev.timescope;

import dev.timescope.internal.scope.Signals;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * A block that cancellation cannot cut short (aiotools' {@code ShieldScope}), typically cleanup:
 *
 * <pre>{@code
 * try {
 *     work();
 * } finally {
 *     ShieldScope.run(() -> releaseRemoteLease());   // runs to its end even if the task is cancelled now
 * }
 * }</pre>
 *
 * A cancellation of the current task that arrives through timescope ({@link Task#cancel}, a parent scope's
 * abort, {@link Cancellation#cancelAndWait}) while the block runs is deferred; when the outermost shield of
 * the thread ends, it is delivered as a {@link CancellationException} thrown by {@link #close()}. Nested
 * shields (and shielded scopes) defer to the outermost one. A raw {@code Thread.interrupt()} from code that
 * bypasses timescope still interrupts. Unlike a shielded {@link TaskScope}, a ShieldScope forks nothing.
 */
public final class ShieldScope implements AutoCloseable {

    /** A block to run shielded. */
    @FunctionalInterface
    public interface Block {
        /**
         * Runs the shielded code.
         *
         * @throws Exception if the code fails; it comes out of {@link ShieldScope#run} as is
         */
        void run() throws Exception;
    }

    private final ThreadState state;
    private final Thread owner;
    private boolean closed;

    private ShieldScope(ThreadState state) {
        this.state = state;
        this.owner = Thread.currentThread();
    }

    /**
     * Shields the calling thread until {@link #close()}, which that thread must call, in try-with-resources.
     *
     * @return the open shield
     */
    public static ShieldScope open() {
        ThreadState state = ThreadState.currentOrCreate();
        state.enterShield();
        return new ShieldScope(state);
    }

    /**
     * Runs {@code block} shielded. Its exception comes out as is; if it completes and a cancellation was
     * deferred meanwhile, that comes out as a {@link CancellationException}.
     *
     * @param block the code to run shielded
     * @throws Exception what {@code block} threw, with a deferred cancellation suppressed in it
     * @throws CancellationException if {@code block} completed, this was the outermost shield, and a cancellation
     *         was deferred meanwhile
     */
    public static void run(Block block) throws Exception {
        Objects.requireNonNull(block, "block");
        Throwable failure = null;
        ShieldScope shield = open();
        try {
            block.run();
        } catch (Throwable t) {
            failure = t;
        }
        try {
            shield.close();
        } catch (CancellationException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure != null) {
            throw Signals.<Exception>sneakyThrow(failure);
        }
    }

    /**
     * Ends the shield; closing again does nothing.
     *
     * @throws CancellationException if this was the outermost shield and a cancellation was deferred
     * @throws IllegalStateException if called by another thread than the one that opened it
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a ShieldScope must be closed by the thread that opened it, \"" + owner.getName()
                    + "\", not by \"" + Thread.currentThread().getName() + "\"");
        }
        if (closed) {
            return;
        }
        closed = true;
        try {
            state.exitShield("a ShieldScope");
        } finally {
            state.releaseIfIdle();
        }
    }
}
