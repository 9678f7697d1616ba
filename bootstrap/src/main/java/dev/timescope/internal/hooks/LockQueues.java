package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Member;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.StampedLock;

/**
 * A failure that ends a member's wait for a {@code java.util.concurrent} synchronizer (contract, section 4) takes
 * the member's node out of the synchronizer's queue, as an interrupted or timed-out wait does, before it is thrown
 * from the park inside {@code acquire}. Left there, the node would keep its place: a fair lock would make every later
 * thread queue behind a waiter that is gone, and a release would wake the gone waiter instead of the next one.
 *
 * <p>Its {@code acquire} parks with the synchronizer as the blocker; the node is the one of the queue whose waiter is
 * the current thread, found from the tail as the synchronizer's own queries find waiters. It is cancelled by the
 * synchronizer's own {@code cancelAcquire}, which unlinks it and wakes the next waiter if need be. A condition's
 * await taking its lock back leaves the queue the same way, once the failure is on its way out of the await (see
 * {@link ConditionHooks#retriesTakingLockBack}). A {@code StampedLock} keeps a queue of its own
 * ({@link StampedLockQueue}).
 */
final class LockQueues {

    private LockQueues() {
    }

    /**
     * One kind of wait queue: a lock's {@code tail} node and the nodes before it ({@code prev}), each with its
     * {@code waiter}, as the JDK's synchronizers keep them; how the current thread's node is found, and how a wait
     * is cancelled.
     */
    abstract static class Queue {
        private final Class<?> nodeType;
        private final VarHandle tail;
        private final VarHandle prev;
        /** A node's waiting thread. */
        final VarHandle waiter;

        /** Resolves {@code lock}'s {@code tail} and its nodes' ({@code lock$Node}) {@code prev} and {@code waiter}. */
        Queue(Class<?> lock) throws ReflectiveOperationException {
            nodeType = JdkAccess.type(lock.getName() + "$Node");
            tail = JdkAccess.field(lock, "tail", nodeType);
            prev = JdkAccess.field(nodeType, "prev", nodeType);
            waiter = JdkAccess.field(nodeType, "waiter", Thread.class);
        }

        /** The node whose waiter is the current thread, from the tail as the lock's own queries look; null if none. */
        final Object nodeOfCurrentThread(Object lock) {
            Thread current = Thread.currentThread();
            for (Object node = tail.getVolatile(lock); node != null; node = prev.getVolatile(node)) {
                if (waiter.get(node) == current) {
                    return node;
                }
                Object inside = waiterAttachedTo(node, current);
                if (inside != null) {
                    return inside;
                }
            }
            return null;
        }

        /** A node that waits attached to {@code node} rather than in the queue, whose waiter is {@code thread}. */
        Object waiterAttachedTo(Object node, Thread thread) {
            return null;
        }

        /** The nodes of the queue, from the tail. */
        final Object tailOf(Object lock) {
            return tail.getVolatile(lock);
        }

        final Object before(Object node) {
            return prev.getVolatile(node);
        }

        /** Whether {@code node}, a node of some queue, is one of this kind whose waiter is the current thread. */
        final boolean isCurrentThreads(Object node) {
            return nodeType.isInstance(node) && waiter.get(node) == Thread.currentThread();
        }

        /** Cancels the wait of {@code node}, setting the interrupt again if {@code interrupted}, as the lock does. */
        abstract void cancel(Object lock, Object node, boolean interrupted) throws Throwable;
    }

    /**
     * Called by a member as a failure comes out of its park on {@code blocker}: leaves that blocker's queue, and sets
     * its interrupt again if an interrupt reached this same wait ({@link #interrupted}, {@link #parking}), as the
     * synchronizer does for an uninterruptible wait it cancels.
     */
    static void leave(Member m, Object blocker) {
        Queue q = queueOf(blocker);
        Object node = nodeOfCurrentThread(q, blocker);
        if (node != null) {
            try {
                q.cancel(blocker, node, m.takeInterruptedInQueue(node));
            } catch (Throwable e) {
                HookFailure.fallBack("lock queue", e);
            }
        }
    }

    /**
     * Called by a member whose park on {@code blocker} returned with its interrupt set: an uninterruptible acquire
     * clears it and keeps it for its return, so the member notes which wait it was (its node).
     */
    static void interrupted(Member m, Object blocker) {
        Object node = nodeOfCurrentThread(queueOf(blocker), blocker);
        if (node != null) {
            m.interruptedInQueue(node);
        }
    }

    /**
     * Called by a member about to park on {@code blocker}: notes the node it waits in, so that an interrupt that comes
     * between two of its parks, which the acquire takes without a park seeing it, is known too.
     */
    static void parking(Member m, Object blocker) {
        Queue q = queueOf(blocker);
        Object last = m.parkedQueueNode();
        if (q == null || (last != null && q.isCurrentThreads(last))) {
            return; // still the wait it parked in last: the lock lets go of a node's waiter as the wait ends
        }
        Object node = nodeOfCurrentThread(q, blocker);
        if (node != null) {
            m.parkingInQueue(node);
        }
    }

    /** The node the current thread waits in, in {@code blocker}'s queue {@code q}; null if none or no queue. */
    private static Object nodeOfCurrentThread(Queue q, Object blocker) {
        if (q == null) {
            return null;
        }
        try {
            return q.nodeOfCurrentThread(blocker);
        } catch (Throwable e) {
            HookFailure.fallBack("lock queue", e);
            return null;
        }
    }

    /** Whether {@code blocker} is an {@code AbstractQueued(Long)Synchronizer} whose queue this class can leave. */
    static boolean isSynchronizer(Object blocker) {
        return handles(blocker) != null;
    }

    private static Queue queueOf(Object blocker) {
        return blocker instanceof StampedLock ? StampedLockQueue.queue() : handles(blocker);
    }

    private static Handles handles(Object blocker) {
        return blocker instanceof AbstractQueuedSynchronizer ? Holder.AQS
                : blocker instanceof AbstractQueuedLongSynchronizer ? Holder.AQLS : null;
    }

    /** Resolved on first use. */
    private static final class Holder {
        static final Handles AQS = Handles.of(AbstractQueuedSynchronizer.class);
        static final Handles AQLS = Handles.of(AbstractQueuedLongSynchronizer.class);
    }

    /** One synchronizer class's queue, and its {@code cancelAcquire}. */
    private static final class Handles extends Queue {
        /** {@code cancelAcquire(node, interrupted, false)}, typed (Object, Object, boolean). */
        private final MethodHandle cancelAcquire;

        private Handles(Class<?> synchronizer) throws ReflectiveOperationException {
            super(synchronizer);
            Class<?> node = JdkAccess.type(synchronizer.getName() + "$Node");
            MethodHandle cancel = JdkAccess.method(synchronizer, "cancelAcquire",
                    MethodType.methodType(int.class, node, boolean.class, boolean.class));
            cancelAcquire = MethodHandles.insertArguments(cancel, 3, false)
                    .asType(MethodType.methodType(int.class, Object.class, Object.class, boolean.class));
        }

        @Override
        void cancel(Object lock, Object node, boolean interrupted) throws Throwable {
            cancelAcquire.invoke(lock, node, interrupted); // sets the interrupt again itself
        }

        static Handles of(Class<?> synchronizer) {
            try {
                return new Handles(synchronizer);
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack(synchronizer.getName() + "'s wait queue", e);
                return null;
            }
        }
    }
}
