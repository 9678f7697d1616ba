package dev.timescope.internal.hooks;

import dev.timescope.VirtualTimeError;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * The conditions instrumentation's hooks (contract, section 4: a failure is reported to the thread it concerns):
 * a deadlock or runaway that ends a member's {@code Condition.await} on a {@code java.util.concurrent} lock comes
 * out of the await with the lock held again, as every way out of an await holds it, unless a failure also ends the
 * await's wait to take the lock back (another member holds it): that one comes out without it.
 *
 * <p>Thrown from the park inside the await, the failure would leave the lock released under a caller whose
 * {@code finally} unlocks it, and the report would be lost to an {@code IllegalMonitorStateException}. So the park
 * hook only interrupts the wait: the await cancels it and takes the lock back, as for any interrupt, and where it
 * would then throw {@code InterruptedException} (or return) the failure is thrown instead, the interrupt spent.
 * {@code awaitUninterruptibly} ignores interrupts: its waiter is moved to the lock's queue as a signal moves it
 * ({@link ConditionNodes}), and the failure is thrown as it returns, the lock taken back.
 */
public final class ConditionHooks {

    private ConditionHooks() {
    }

    /**
     * Called with the failure that ended a member's park on {@code blocker}: true if the park is an interruptible
     * condition wait, which then returns interrupted and throws the failure as it ends.
     */
    static boolean deferToAwait(Member m, Object blocker, VirtualTimeError failure) {
        Object b = blocker != null ? blocker : LockSupport.getBlocker(Thread.currentThread()); // await sets it
        if (!isCondition(b)) {
            return false;
        }
        String await = awaitMethod();
        if (await == null) {
            return false;
        }
        if (await.equals("awaitUninterruptibly")) {
            Object node = m.conditionNode();
            m.blockingIn(null); // used once
            if (!ConditionNodes.signal(b, node)) {
                return false;
            }
        } else {
            Thread.currentThread().interrupt(); // our own thread: no interrupt hook counts it
        }
        m.deferToAwait(failure);
        return true;
    }

    /**
     * At the entry of a condition node's {@code block()}, on the thread that waits in it: notes the node, which a
     * failure that ends an {@code awaitUninterruptibly} moves to the lock's queue.
     *
     * @param node the {@code ConditionNode}
     */
    public static void blocking(Object node) {
        if (!Domains.anyOpen()) {
            return;
        }
        Member m = Domains.current();
        if (m != null) {
            m.blockingIn(node);
        }
    }

    /**
     * Before each return of a condition's {@code await} methods and of the cancelled-waiter clean-up the
     * interruptible ones run just before throwing {@code InterruptedException}: throws the failure deferred to this
     * await.
     *
     * @param condition the condition object (unused: the failure belongs to the thread)
     */
    public static void afterAwait(Object condition) {
        throwDeferred(true);
    }

    /**
     * Before the return of a condition's {@code awaitUninterruptibly}: throws the failure deferred to it. No interrupt
     * of the failure's ended it; one that reached the wait, which the await has just set again, is kept.
     *
     * @param condition the condition object (unused: the failure belongs to the thread)
     */
    public static void afterUninterruptibleAwait(Object condition) {
        throwDeferred(false);
    }

    private static void throwDeferred(boolean spendInterrupt) {
        if (!Domains.anyOpen()) {
            return;
        }
        Member m = Domains.current();
        VirtualTimeError failure = m == null ? null : m.takeFailureAfterAwait();
        if (failure != null) {
            if (spendInterrupt) {
                Thread.interrupted(); // the interrupt that ended the wait was the failure's
            }
            throw failure;
        }
    }

    /**
     * Called with the failure about to come out of a member's park on the lock a condition's await takes back: true
     * where the JDK's await catches it and tries again (its {@code reacquire}: JDK 24 and later, and updates of JDK
     * 21), parking a moment before each try, for as long as the lock is held. The failure is then kept for that park
     * ({@link #beforeRetryTakingLockBack}), which leaves the lock's queue (where the JDK's acquire has not already)
     * and throws it out of the await at once, without waiting for the lock. Where the await does not try again, the
     * failure comes out of it from this park.
     */
    static boolean retriesTakingLockBack(Member m, Object blocker, VirtualTimeError failure) {
        if (!LockQueues.isSynchronizer(blocker) || !StackWalker.getInstance().walk(
                frames -> frames.anyMatch(ConditionHooks::isRetryingAcquire))) {
            return false;
        }
        m.failedTakingLockBack(failure, blocker);
        return true;
    }

    /**
     * Called by a member's park while a failure waits for the await's next try to take its lock back: in the park
     * before that try, leaves the lock's queue and throws the failure, which no try catches. A park elsewhere (never
     * seen: the await's park comes right after the failure) drops it, and says so.
     */
    static void beforeRetryTakingLockBack(Member m) {
        Object lock = m.lockTakenBack();
        VirtualTimeError failure = m.takeFailureTakingLockBack();
        boolean retrying = StackWalker.getInstance().walk(frames -> frames
                .dropWhile(f -> f.getClassName().startsWith("dev.timescope."))
                .findFirst()
                .map(ConditionHooks::isRetryingAcquire)
                .orElse(false));
        if (retrying) {
            LockQueues.leave(m, lock);
            throw failure;
        }
        HookFailure.fallBack("condition await", new IllegalStateException("the failure that ended a condition's"
                + " wait for its lock was to come out of its next try, which never came; it is dropped", failure));
    }

    private static boolean isRetryingAcquire(StackWalker.StackFrame f) {
        return f.getMethodName().equals("reacquire")
                && f.getClassName().startsWith("java.util.concurrent.locks.AbstractQueued");
    }

    private static boolean isCondition(Object blocker) {
        return blocker instanceof AbstractQueuedSynchronizer.ConditionObject
                || blocker instanceof AbstractQueuedLongSynchronizer.ConditionObject;
    }

    /** Only on a failure's way out: the condition's method this park is in, or null. */
    private static String awaitMethod() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().endsWith("$ConditionObject")
                        && f.getClassName().startsWith("java.util.concurrent.locks.AbstractQueued"))
                .findFirst()
                .map(StackWalker.StackFrame::getMethodName)
                .orElse(null));
    }
}
