package dev.timescope.internal.hooks;

import dev.timescope.VirtualTimeError;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * The conditions instrumentation's hooks (contract, section 4: a failure is reported to the thread it concerns):
 * a deadlock or runaway that ends a member's {@code Condition.await} on a {@code java.util.concurrent} lock comes
 * out of the await with the lock held again, as every way out of an await holds it.
 *
 * <p>Thrown from the park inside the await, the failure would leave the lock released under a caller whose
 * {@code finally} unlocks it, and the report would be lost to an {@code IllegalMonitorStateException}. So the park
 * hook only interrupts the wait: the await cancels it and takes the lock back, as for any interrupt, and where it
 * would then throw {@code InterruptedException} (or return) the failure is thrown instead, the interrupt spent.
 *
 * <p>{@code awaitUninterruptibly} ignores interrupts, so no interrupt ends its wait: there, the failure ends the wait
 * as a signal to this one waiter would (its node leaves the condition's queue for the lock's, as {@code signal}
 * moves it), and is thrown as the await returns with the lock held. The call that blocks inside it
 * ({@code ForkJoinPool.managedBlock(node)}, or {@code node.block()}) is rewritten to {@link #blockUninterruptibly},
 * which names the node to the member for that time.
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
        if (m.uninterruptibleNode() != null) {
            if (!Uninterruptible.wake(m.uninterruptibleCondition(), m.uninterruptibleNode())) {
                return false;
            }
            m.deferToAwait(failure);
            return true;
        }
        if (!insideInterruptibleAwait()) {
            return false;
        }
        m.deferToAwait(failure);
        Thread.currentThread().interrupt(); // our own thread: no interrupt hook counts it
        return true;
    }

    /**
     * Before each return of a condition's interruptible {@code await} methods and of the cancelled-waiter clean-up
     * they run just before throwing {@code InterruptedException}: throws the failure deferred to this await.
     *
     * @param condition the condition object (unused: the failure belongs to the thread)
     */
    public static void afterAwait(Object condition) {
        if (!Domains.anyOpen()) {
            return;
        }
        Member m = Domains.current();
        VirtualTimeError failure = m == null ? null : m.takeFailureAfterAwait();
        if (failure != null) {
            Thread.interrupted(); // the interrupt that ended the wait was the failure's
            throw failure;
        }
    }

    /**
     * In place of {@code ForkJoinPool.managedBlock(node)} in a condition's {@code awaitUninterruptibly}: the same
     * call, the member knowing the node meanwhile.
     *
     * @param node the wait's {@code ConditionNode}
     * @param condition the condition ({@code this} of the await)
     */
    public static void managedBlockUninterruptibly(ForkJoinPool.ManagedBlocker node, Object condition)
            throws InterruptedException {
        Member m = Domains.anyOpen() ? Domains.current() : null;
        if (m == null) {
            ForkJoinPool.managedBlock(node);
            return;
        }
        m.waitingUninterruptibly(condition, node);
        try {
            ForkJoinPool.managedBlock(node);
        } finally {
            m.waitingUninterruptibly(null, null);
        }
    }

    /**
     * In place of {@code node.block()} in a condition's {@code awaitUninterruptibly} (after a pool refused to
     * compensate for the managed block): the same call, the member knowing the node meanwhile.
     */
    public static boolean blockUninterruptibly(ForkJoinPool.ManagedBlocker node, Object condition)
            throws InterruptedException {
        Member m = Domains.anyOpen() ? Domains.current() : null;
        if (m == null) {
            return node.block();
        }
        m.waitingUninterruptibly(condition, node);
        try {
            return node.block();
        } finally {
            m.waitingUninterruptibly(null, null);
        }
    }

    /** Null if the hooks find what they need in the running JDK, else what is missing. */
    public static String verify() {
        return Uninterruptible.AQS == null || Uninterruptible.AQLS == null
                ? "the condition queues of java.util.concurrent.locks are not as this version of timescope expects"
                : null;
    }

    /**
     * The synchronizers' package-private members that move a waiter's node from a condition's queue to its lock's,
     * as {@code signal} does; resolved on first use.
     */
    private static final class Uninterruptible {
        static final Handles AQS = Handles.of(AbstractQueuedSynchronizer.class);
        static final Handles AQLS = Handles.of(AbstractQueuedLongSynchronizer.class);

        /**
         * What {@code signal} does to one node, done by its own waiter: clears the node's condition bit and, if this
         * call cleared it (not a signal racing it), enqueues the node on the lock, where its await takes the lock
         * back. Both steps are atomic and need no lock, as in {@code signal}; the node is left in the condition's
         * queue as a cancelled waiter is, and the next signal drops it. False if it cannot (then the failure comes
         * out of the park, as it did before).
         */
        static boolean wake(Object condition, Object node) {
            Handles h = condition instanceof AbstractQueuedSynchronizer.ConditionObject ? AQS : AQLS;
            if (h == null) {
                return false;
            }
            try {
                Object synchronizer = h.outer.invoke(condition);
                int before = (int) h.getAndUnsetStatus.invoke(node, h.cond);
                if ((before & h.cond) != 0) {
                    h.enqueue.invoke(synchronizer, node);
                }
                return true;
            } catch (Throwable e) {
                HookFailure.fallBack("uninterruptible condition wait", e);
                return false;
            }
        }
    }

    /** One synchronizer class's members, typed to Object. */
    private static final class Handles {
        final MethodHandle outer;
        final MethodHandle getAndUnsetStatus;
        final MethodHandle enqueue;
        final int cond;

        private Handles(MethodHandle outer, MethodHandle getAndUnsetStatus, MethodHandle enqueue, int cond) {
            this.outer = outer;
            this.getAndUnsetStatus = getAndUnsetStatus;
            this.enqueue = enqueue;
            this.cond = cond;
        }

        static Handles of(Class<?> synchronizer) {
            String name = synchronizer.getName();
            try {
                Class<?> condition = JdkAccess.type(name + "$ConditionObject");
                Class<?> node = JdkAccess.type(name + "$Node");
                Class<?> conditionNode = JdkAccess.type(name + "$ConditionNode");
                MethodHandle outer = JdkAccess.lookupIn(condition).findGetter(condition, "this$0", synchronizer)
                        .asType(MethodType.methodType(Object.class, Object.class));
                MethodHandle unset = JdkAccess.method(node, "getAndUnsetStatus",
                        MethodType.methodType(int.class, int.class))
                        .asType(MethodType.methodType(int.class, Object.class, int.class));
                MethodHandle enqueue;
                try { // JDK 21 and later
                    enqueue = JdkAccess.method(synchronizer, "enqueue", MethodType.methodType(void.class, conditionNode));
                } catch (NoSuchMethodException e) { // JDK 17
                    enqueue = JdkAccess.method(synchronizer, "enqueue", MethodType.methodType(void.class, node));
                }
                enqueue = enqueue.asType(MethodType.methodType(void.class, Object.class, Object.class));
                int cond = (int) JdkAccess.staticField(synchronizer, "COND", int.class).get();
                return new Handles(outer, unset, enqueue, cond);
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack(name + "'s condition queue", e);
                return null;
            }
        }
    }

    private static boolean isCondition(Object blocker) {
        return blocker instanceof AbstractQueuedSynchronizer.ConditionObject
                || blocker instanceof AbstractQueuedLongSynchronizer.ConditionObject;
    }

    /** Only on a failure's way out: whether the condition's method this park is in answers interrupts. */
    private static boolean insideInterruptibleAwait() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().endsWith("$ConditionObject")
                        && f.getClassName().startsWith("java.util.concurrent.locks.AbstractQueued"))
                .findFirst()
                .map(f -> !f.getMethodName().equals("awaitUninterruptibly"))
                .orElse(false));
    }
}
