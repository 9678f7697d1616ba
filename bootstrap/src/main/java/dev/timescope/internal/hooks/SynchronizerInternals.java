package dev.timescope.internal.hooks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The package-private members of {@code AbstractQueuedSynchronizer} and {@code AbstractQueuedLongSynchronizer} that
 * the hooks reach when a failure ends a member's wait (contract, section 4): a condition's waiter is moved to its
 * lock's queue as {@code signal} moves it ({@link ConditionHooks}), and a waiter for the lock leaves its queue as an
 * interrupted waiter does ({@link LockQueues}). Resolved once, on first use; the two classes have the same members
 * since JDK 17, but for {@code enqueue}'s parameter (a {@code ConditionNode} from JDK 21, a {@code Node} before).
 */
final class SynchronizerInternals {

    /** The members of each class; null if one is not where this version of timescope expects it. */
    static final SynchronizerInternals AQS = of(AbstractQueuedSynchronizer.class);
    static final SynchronizerInternals AQLS = of(AbstractQueuedLongSynchronizer.class);

    /** {@code ConditionObject.this$0}: a condition's synchronizer, typed (Object)Object. */
    final MethodHandle synchronizerOf;
    /** {@code Node.getAndUnsetStatus(int)}, typed (Object, int)int. */
    final MethodHandle getAndUnsetStatus;
    /** {@code enqueue(node)}, typed (Object synchronizer, Object node)void. */
    final MethodHandle enqueue;
    /** {@code cancelAcquire(node, false, false)}, typed (Object synchronizer, Object node)int. */
    final MethodHandle cancelAcquire;
    /** The synchronizer's {@code tail}, a node's {@code prev} and {@code waiter}. */
    final VarHandle tail;
    final VarHandle prev;
    final VarHandle waiter;
    /** {@code COND}: a node's status bit while it waits on a condition. */
    final int cond;

    private SynchronizerInternals(MethodHandle synchronizerOf, MethodHandle getAndUnsetStatus, MethodHandle enqueue,
                                  MethodHandle cancelAcquire, VarHandle tail, VarHandle prev, VarHandle waiter,
                                  int cond) {
        this.synchronizerOf = synchronizerOf;
        this.getAndUnsetStatus = getAndUnsetStatus;
        this.enqueue = enqueue;
        this.cancelAcquire = cancelAcquire;
        this.tail = tail;
        this.prev = prev;
        this.waiter = waiter;
        this.cond = cond;
    }

    /** The members for a synchronizer, or a condition of one; null for anything else, or if they were not found. */
    static SynchronizerInternals forSynchronizer(Object synchronizer) {
        return synchronizer instanceof AbstractQueuedSynchronizer ? AQS
                : synchronizer instanceof AbstractQueuedLongSynchronizer ? AQLS : null;
    }

    /** The members for a condition of a synchronizer; null for anything else, or if they were not found. */
    static SynchronizerInternals forCondition(Object condition) {
        return condition instanceof AbstractQueuedSynchronizer.ConditionObject ? AQS
                : condition instanceof AbstractQueuedLongSynchronizer.ConditionObject ? AQLS : null;
    }

    private static SynchronizerInternals of(Class<?> synchronizer) {
        String name = synchronizer.getName();
        try {
            Class<?> condition = JdkAccess.type(name + "$ConditionObject");
            Class<?> node = JdkAccess.type(name + "$Node");
            Class<?> conditionNode = JdkAccess.type(name + "$ConditionNode");
            MethodHandle synchronizerOf = JdkAccess.lookupIn(condition).findGetter(condition, "this$0", synchronizer)
                    .asType(MethodType.methodType(Object.class, Object.class));
            MethodHandle unset = JdkAccess.method(node, "getAndUnsetStatus", MethodType.methodType(int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, int.class));
            MethodHandle enqueue;
            try { // JDK 21 and later
                enqueue = JdkAccess.method(synchronizer, "enqueue", MethodType.methodType(void.class, conditionNode));
            } catch (NoSuchMethodException e) { // JDK 17
                enqueue = JdkAccess.method(synchronizer, "enqueue", MethodType.methodType(void.class, node));
            }
            enqueue = enqueue.asType(MethodType.methodType(void.class, Object.class, Object.class));
            MethodHandle cancel = JdkAccess.method(synchronizer, "cancelAcquire",
                    MethodType.methodType(int.class, node, boolean.class, boolean.class));
            cancel = MethodHandles.insertArguments(cancel, 2, false, false)
                    .asType(MethodType.methodType(int.class, Object.class, Object.class));
            int cond = (int) JdkAccess.staticField(synchronizer, "COND", int.class).get();
            return new SynchronizerInternals(synchronizerOf, unset, enqueue, cancel,
                    JdkAccess.field(synchronizer, "tail", node), JdkAccess.field(node, "prev", node),
                    JdkAccess.field(node, "waiter", Thread.class), cond);
        } catch (ReflectiveOperationException | RuntimeException e) {
            HookFailure.fallBack(name + "'s queues", e);
            return null;
        }
    }
}
