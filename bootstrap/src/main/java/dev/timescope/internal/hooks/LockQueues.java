package dev.timescope.internal.hooks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A failure that ends a member's wait for a {@code java.util.concurrent} synchronizer (contract, section 4) takes
 * the member's node out of the synchronizer's queue, as an interrupted or timed-out wait does, before it is thrown
 * from the park inside {@code acquire}. Left there, the node would keep its place: a fair lock would make every later
 * thread queue behind a waiter that is gone, and a release would wake the gone waiter instead of the next one.
 *
 * <p>Its {@code acquire} parks with the synchronizer as the blocker; the node is the one of the queue whose waiter is
 * the current thread, found from the tail as the synchronizer's own queries find waiters. It is cancelled by the
 * synchronizer's own {@code cancelAcquire}, which unlinks it and wakes the next waiter if need be. A condition's
 * await taking its lock back is left alone: it keeps using its node.
 */
final class LockQueues {

    private LockQueues() {
    }

    /** Called by a member as a failure comes out of its park on {@code blocker}: leaves that blocker's queue. */
    static void leave(Object blocker) {
        Handles h = blocker instanceof AbstractQueuedSynchronizer ? Holder.AQS
                : blocker instanceof AbstractQueuedLongSynchronizer ? Holder.AQLS : null;
        if (h == null || insideConditionAwait()) {
            return;
        }
        try {
            Thread current = Thread.currentThread();
            for (Object node = h.tail.getVolatile(blocker); node != null; node = h.prev.getVolatile(node)) {
                if (h.waiter.get(node) == current) {
                    h.cancelAcquire.invoke(blocker, node);
                    return;
                }
            }
        } catch (Throwable e) {
            HookFailure.fallBack("lock queue", e);
        }
    }

    /**
     * Whether this acquire is a condition's await taking its lock back: that one keeps its node, which the await
     * goes on using (from JDK 21 it acquires again with the same node until it holds the lock).
     */
    private static boolean insideConditionAwait() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getClassName().endsWith("$ConditionObject")
                && f.getClassName().startsWith("java.util.concurrent.locks.AbstractQueued")));
    }

    /** Resolved on first use. */
    private static final class Holder {
        static final Handles AQS = Handles.of(AbstractQueuedSynchronizer.class);
        static final Handles AQLS = Handles.of(AbstractQueuedLongSynchronizer.class);
    }

    /** One synchronizer class's package-private members. */
    private static final class Handles {
        final VarHandle tail;
        final VarHandle prev;
        final VarHandle waiter;
        /** {@code cancelAcquire(node, false, false)}, typed (Object, Object). */
        final MethodHandle cancelAcquire;

        private Handles(VarHandle tail, VarHandle prev, VarHandle waiter, MethodHandle cancelAcquire) {
            this.tail = tail;
            this.prev = prev;
            this.waiter = waiter;
            this.cancelAcquire = cancelAcquire;
        }

        static Handles of(Class<?> synchronizer) {
            try {
                Class<?> node = JdkAccess.type(synchronizer.getName() + "$Node");
                MethodHandle cancel = JdkAccess.method(synchronizer, "cancelAcquire",
                        MethodType.methodType(int.class, node, boolean.class, boolean.class));
                cancel = MethodHandles.insertArguments(cancel, 2, false, false)
                        .asType(MethodType.methodType(int.class, Object.class, Object.class));
                return new Handles(JdkAccess.field(synchronizer, "tail", node), JdkAccess.field(node, "prev", node),
                        JdkAccess.field(node, "waiter", Thread.class), cancel);
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack(synchronizer.getName() + "'s wait queue", e);
                return null;
            }
        }
    }
}
