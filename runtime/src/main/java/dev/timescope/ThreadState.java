package dev.timescope;

import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * What timescope knows about one thread: the task it runs (if timescope started it), the innermost
 * scope it owns, and its shield. The thread itself reads and writes {@link #scope}; the fields
 * guarded by {@code this} are also touched by threads that cancel its task.
 *
 * <p>A cancellation of the task is delivered as an interrupt, unless the thread is inside a shield:
 * then it waits in {@link #deferred} until the outermost shield ends ({@link #exitShield}).
 */
final class ThreadState {

    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();

    /** The task this thread runs, or null for a thread timescope did not start. */
    final Task<?> task;

    /** The innermost open scope this thread owns. Only this thread touches it. */
    AbstractTaskScope scope;

    private Thread thread;
    private int shieldDepth;
    /** A task cancellation waits for the outermost shield to end. */
    private boolean deferred;
    /** A scope's own interrupt (timeout, fail-fast) waits until the shield depth is back to this; -1: none. */
    private int interruptDeferredTo = -1;
    /** The nesting level of the outermost scope whose interrupt waits for a shield to end. */
    private int deferredLevel = Integer.MAX_VALUE;
    /**
     * Interrupts scopes sent this thread (their timeout, a fail-fast failure), counted by the scope's nesting
     * level: a scope counts as cancelled by those of the scopes around it sent while it was open, never by its
     * own or those of scopes inside it.
     */
    private long[] scopeInterrupts = new long[4];
    private boolean requested;
    private boolean codeEnded;
    /**
     * Cancellations of the task delivered so far; a scope compares it with the count it saw when it opened, to
     * know its owner was cancelled meanwhile.
     */
    private int deliveries;
    /** A cancellation of the task reached its code; for telling a swallowed cancellation. */
    private boolean cancelDelivered;
    private boolean flagSetAtEnd;

    ThreadState(Task<?> task, Thread thread) {
        this.task = task;
        this.thread = thread;
    }

    /** The calling thread's state, or null if it never opened a scope or a shield. */
    static ThreadState current() {
        return CURRENT.get();
    }

    static ThreadState currentOrCreate() {
        ThreadState state = CURRENT.get();
        if (state == null) {
            state = new ThreadState(null, Thread.currentThread());
            CURRENT.set(state);
        }
        return state;
    }

    /** Makes {@code state} the calling thread's, for the run of its task. */
    static void attach(ThreadState state) {
        CURRENT.set(state);
    }

    /** Forgets a plain thread's state once nothing is open, so a long-lived thread keeps nothing. */
    void releaseIfIdle() {
        if (task == null && scope == null && shieldDepthNow() == 0) {
            CURRENT.remove();
        }
    }

    static void detach() {
        CURRENT.remove();
    }

    synchronized void bind(Thread thread) {
        this.thread = thread;
    }

    /**
     * Asks the thread to stop, once: a task cancelled with {@code cancel(false)}, then aborted with its scope,
     * is interrupted by the abort; one already interrupted is not interrupted again (its cleanup goes on).
     */
    synchronized void requestCancel() {
        if (!requested) {
            requested = true;
            deliver();
        }
    }

    /** Interrupts again, cutting a cleanup short (a cancelAndWait whose caller is cancelled); deferred by a shield. */
    synchronized void cancelAgain() {
        requested = true;
        deliver();
    }

    /** Delivers a cancellation now, or defers it while the thread is shielded. */
    private void deliver() {
        if (codeEnded || thread == null) {
            return; // not started (the task checks its state first) or already out of its code
        }
        if (shieldDepth > 0) {
            deferred = true;
            return;
        }
        deliveries++;
        cancelDelivered = true;
        thread.interrupt();
    }

    /**
     * A scope opened at shield depth {@code scopeDepth} interrupts its owner (its timeout expired, or a fail-fast
     * child failed). Shields the owner entered inside that scope defer it until they end; the scope's own
     * shield, and those around it, do not.
     */
    synchronized void interruptFromScope(int scopeDepth, int level) {
        if (shieldDepth > scopeDepth) {
            interruptDeferredTo = interruptDeferredTo < 0 ? scopeDepth : Math.min(interruptDeferredTo, scopeDepth);
            deferredLevel = Math.min(deferredLevel, level);
            return;
        }
        countScopeInterrupt(level);
        thread.interrupt();
    }

    private void countScopeInterrupt(int level) {
        if (level >= scopeInterrupts.length) {
            scopeInterrupts = Arrays.copyOf(scopeInterrupts, Math.max(level + 1, scopeInterrupts.length * 2));
        }
        scopeInterrupts[level]++;
    }

    /** Interrupts sent so far by the scopes at levels below {@code level}: the scopes around one at that level. */
    synchronized long scopeInterruptsAbove(int level) {
        long sum = 0;
        for (int l = 0; l < level && l < scopeInterrupts.length; l++) {
            sum += scopeInterrupts[l];
        }
        return sum;
    }

    synchronized void enterShield() {
        shieldDepth++;
    }

    /**
     * Ends one shield level.
     *
     * @throws CancellationException when the outermost shield ends with a cancellation deferred:
     *         this exception is its re-delivery
     */
    void exitShield(String what) {
        synchronized (this) {
            --shieldDepth;
            boolean cancel = deferred && shieldDepth == 0;
            boolean scopeInterrupt = interruptDeferredTo >= 0 && shieldDepth <= interruptDeferredTo;
            if (!cancel && !scopeInterrupt) {
                return;
            }
            if (cancel) {
                deferred = false;
                cancelDelivered = true;
                deliveries++;
            }
            if (scopeInterrupt) {
                interruptDeferredTo = -1;
                countScopeInterrupt(deferredLevel);
                deferredLevel = Integer.MAX_VALUE;
            }
        }
        throw new CancellationException((task == null ? "thread " + Thread.currentThread().getName() : task.toString())
                + " was cancelled inside " + what + "; the cancellation is delivered now that the shield has ended");
    }

    /** True while a cancellation waits for the thread's outermost shield to end. */
    synchronized boolean cancellationDeferred() {
        return deferred;
    }

    synchronized int shieldDepthNow() {
        return shieldDepth;
    }

    synchronized int deliveries() {
        return deliveries;
    }

    /** Called by the task's thread when its code has returned or thrown; no interrupt is delivered after. */
    synchronized void codeEnded() {
        codeEnded = true;
        flagSetAtEnd = Thread.currentThread().isInterrupted();
    }

    /** True if a cancellation reached the code, and the code ended with the interrupt consumed. */
    synchronized boolean cancellationConsumed() {
        return cancelDelivered && !flagSetAtEnd;
    }
}
