package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Member;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.StampedLock;

/**
 * {@link LockQueues} for a {@code StampedLock}, whose queue is its own: a failure that ends a member's wait for it
 * takes the member's node out, as an interrupted or timed-out wait does. A writer, or the first of a group of
 * readers, waits in a node of the queue; a reader that came while a reader's node was last waits in that node's
 * list of co-waiters. Each is cancelled by the lock's own method for it.
 *
 * <p>Only where the lock does not do it itself: newer JDKs' (25 among them) catch a failure of the lock's own park
 * and cancel the node; there its cancel methods take no {@code interrupted} argument, and this class does nothing.
 */
final class StampedLockQueue {

    private StampedLockQueue() {
    }

    /** What the JDK's cancel methods return for an interrupt they saw or took (StampedLock.INTERRUPTED). */
    private static final long INTERRUPTED = 1L;

    /** Called as a failure comes out of a member's park on {@code lock}: leaves its queue. */
    static void leave(Member m, StampedLock lock) {
        Handles h = Holder.HANDLES;
        if (h == null) {
            return;
        }
        try {
            Object[] wait = waitOfCurrentThread(h, lock);
            if (wait != null) {
                Object node = wait[0];
                Object leader = wait[1];
                long result = leader == null ? (long) h.cancelAcquire.invoke(lock, node, false)
                        : (long) h.cancelCowaiter.invoke(lock, node, leader, false);
                // The cancel methods take the interrupt (and say so) where the uninterruptible acquire would set it
                // again on its way out: so does the failure's.
                if (m.takeInterruptedInQueue(node) || (result & INTERRUPTED) != 0) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (Throwable e) {
            HookFailure.fallBack("StampedLock's wait queue", e);
        }
    }

    /** Called by a member whose park on {@code lock} returned with its interrupt set: notes which wait it was. */
    static void interrupted(Member m, StampedLock lock) {
        Handles h = Holder.HANDLES;
        if (h == null) {
            return;
        }
        try {
            Object[] wait = waitOfCurrentThread(h, lock);
            if (wait != null) {
                m.interruptedInQueue(wait[0]);
            }
        } catch (Throwable e) {
            HookFailure.fallBack("StampedLock's wait queue", e);
        }
    }

    /**
     * The current thread's node and, for a co-waiter, the reader's node that heads its group (else null), searched
     * from the tail as the lock's own queries do; null if it waits in neither.
     */
    private static Object[] waitOfCurrentThread(Handles h, StampedLock lock) {
        Thread current = Thread.currentThread();
        for (Object node = h.tail.getVolatile(lock); node != null; node = h.prev.getVolatile(node)) {
            if (h.waiter.get(node) == current) {
                return new Object[] {node, null};
            }
            if (h.readerNode.isInstance(node)) {
                for (Object c = h.cowaiters.getVolatile(node); c != null; c = h.cowaiters.getVolatile(c)) {
                    if (h.waiter.get(c) == current) {
                        return new Object[] {c, node};
                    }
                }
            }
        }
        return null;
    }

    /** Resolved on first use; null where the lock leaves its queue itself on a failure, or could not be reached. */
    private static final class Holder {
        static final Handles HANDLES = Handles.resolve();
    }

    private static final class Handles {
        final Class<?> readerNode;
        final VarHandle tail;
        final VarHandle prev;
        final VarHandle waiter;
        final VarHandle cowaiters;
        /** {@code cancelAcquire(node, interrupted)}, typed (StampedLock, Object, boolean) long. */
        final MethodHandle cancelAcquire;
        /** {@code cancelCowaiter(node, leader, interrupted)}, typed (StampedLock, Object, Object, boolean) long. */
        final MethodHandle cancelCowaiter;

        private Handles(Class<?> readerNode, VarHandle tail, VarHandle prev, VarHandle waiter, VarHandle cowaiters,
                        MethodHandle cancelAcquire, MethodHandle cancelCowaiter) {
            this.readerNode = readerNode;
            this.tail = tail;
            this.prev = prev;
            this.waiter = waiter;
            this.cowaiters = cowaiters;
            this.cancelAcquire = cancelAcquire;
            this.cancelCowaiter = cancelCowaiter;
        }

        static Handles resolve() {
            try {
                Class<?> node = JdkAccess.type(StampedLock.class.getName() + "$Node");
                Class<?> reader = JdkAccess.type(StampedLock.class.getName() + "$ReaderNode");
                MethodHandle cancelAcquire;
                try {
                    cancelAcquire = JdkAccess.method(StampedLock.class, "cancelAcquire",
                            MethodType.methodType(long.class, node, boolean.class));
                } catch (NoSuchMethodException e) {
                    return null; // the lock cancels the node itself when its park fails (newer JDKs)
                }
                MethodHandle cancelCowaiter = JdkAccess.method(StampedLock.class, "cancelCowaiter",
                        MethodType.methodType(long.class, reader, reader, boolean.class));
                return new Handles(reader, JdkAccess.field(StampedLock.class, "tail", node),
                        JdkAccess.field(node, "prev", node), JdkAccess.field(node, "waiter", Thread.class),
                        JdkAccess.field(reader, "cowaiters", reader),
                        cancelAcquire.asType(MethodType.methodType(long.class, StampedLock.class, Object.class,
                                boolean.class)),
                        cancelCowaiter.asType(MethodType.methodType(long.class, StampedLock.class, Object.class,
                                Object.class, boolean.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack("StampedLock's wait queue", e);
                return null;
            }
        }
    }
}
