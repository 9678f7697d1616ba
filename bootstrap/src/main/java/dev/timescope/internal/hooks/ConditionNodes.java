package dev.timescope.internal.hooks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A condition's waiter, moved to its lock's queue as a signal moves it ({@link ConditionHooks}): for an
 * {@code awaitUninterruptibly} that a failure must end, which neither an interrupt nor a timeout ends. The move is
 * the signal's own: whoever clears the node's condition bit first puts it in the lock's queue, so a signal racing
 * with it moves the node once.
 */
final class ConditionNodes {

    private ConditionNodes() {
    }

    /**
     * Moves {@code node}, the current thread's node in {@code condition}'s wait, to the lock's queue, unless a signal
     * already did; its await then takes the lock back. False if it is not such a node, or cannot be reached.
     */
    static boolean signal(Object condition, Object node) {
        Handles h = condition instanceof AbstractQueuedSynchronizer.ConditionObject ? Holder.AQS
                : condition instanceof AbstractQueuedLongSynchronizer.ConditionObject ? Holder.AQLS : null;
        if (h == null || !h.conditionNode.isInstance(node) || h.waiter.get(node) != Thread.currentThread()) {
            return false;
        }
        try {
            if (((int) h.getAndUnsetStatus.invoke(node, h.cond) & h.cond) != 0) {
                h.enqueue.invoke(h.outer.get(condition), node);
            }
            return true;
        } catch (Throwable e) {
            HookFailure.fallBack("condition queue", e);
            return false;
        }
    }

    /** Resolved on first use. */
    private static final class Holder {
        static final Handles AQS = Handles.of(AbstractQueuedSynchronizer.class,
                AbstractQueuedSynchronizer.ConditionObject.class);
        static final Handles AQLS = Handles.of(AbstractQueuedLongSynchronizer.class,
                AbstractQueuedLongSynchronizer.ConditionObject.class);
    }

    /** One synchronizer class's package-private members. */
    private static final class Handles {
        final Class<?> conditionNode;
        final VarHandle waiter;
        /** The condition's lock: its enclosing synchronizer. */
        final VarHandle outer;
        /** The condition bit of a node's status ({@code COND}). */
        final int cond;
        /** {@code node.getAndUnsetStatus(int)}, typed (Object, int) int. */
        final MethodHandle getAndUnsetStatus;
        /** {@code synchronizer.enqueue(node)}, typed (Object, Object) void. */
        final MethodHandle enqueue;

        private Handles(Class<?> conditionNode, VarHandle waiter, VarHandle outer, int cond,
                        MethodHandle getAndUnsetStatus, MethodHandle enqueue) {
            this.conditionNode = conditionNode;
            this.waiter = waiter;
            this.outer = outer;
            this.cond = cond;
            this.getAndUnsetStatus = getAndUnsetStatus;
            this.enqueue = enqueue;
        }

        static Handles of(Class<?> synchronizer, Class<?> conditionObject) {
            try {
                Class<?> node = JdkAccess.type(synchronizer.getName() + "$Node");
                Class<?> conditionNode = JdkAccess.type(synchronizer.getName() + "$ConditionNode");
                MethodHandle enqueue;
                try {
                    enqueue = JdkAccess.method(synchronizer, "enqueue",
                            MethodType.methodType(void.class, conditionNode));
                } catch (NoSuchMethodException e) {
                    // JDK 17 takes any node.
                    enqueue = JdkAccess.method(synchronizer, "enqueue", MethodType.methodType(void.class, node));
                }
                MethodHandle unset = JdkAccess.method(node, "getAndUnsetStatus",
                        MethodType.methodType(int.class, int.class));
                return new Handles(conditionNode, JdkAccess.field(node, "waiter", Thread.class),
                        JdkAccess.field(conditionObject, "this$0", synchronizer),
                        (int) JdkAccess.staticField(synchronizer, "COND", int.class).get(),
                        unset.asType(MethodType.methodType(int.class, Object.class, int.class)),
                        enqueue.asType(MethodType.methodType(void.class, Object.class, Object.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack(synchronizer.getName() + "'s condition queue", e);
                return null;
            }
        }
    }
}
