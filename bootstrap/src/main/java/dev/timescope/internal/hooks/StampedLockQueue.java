package dev.timescope.internal.hooks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.StampedLock;

/**
 * The wait queue of a {@code StampedLock}, which is its own ({@link LockQueues}). A writer, or the first of a group
 * of readers, waits in a node of the queue; a reader that came while a reader's node was last waits in that node's
 * list of co-waiters. Each is cancelled by the lock's own method for it.
 *
 * <p>Newer JDKs' locks (25 among them) catch a failure of their own park and cancel the node themselves; there the
 * cancel methods take no {@code interrupted} argument, and are not called from here. On every JDK, an interrupt the
 * uninterruptible acquire took while it waited is set again, as the acquire does on its way out.
 */
final class StampedLockQueue extends LockQueues.Queue {

    /** What the lock's cancel methods return for an interrupt they saw or took ({@code StampedLock.INTERRUPTED}). */
    private static final long INTERRUPTED = 1L;

    private final Class<?> readerNode;
    private final VarHandle cowaiters;
    /** {@code cancelAcquire(node, interrupted)}, typed (StampedLock, Object, boolean) long; null: the lock cancels. */
    private final MethodHandle cancelAcquire;
    /** {@code cancelCowaiter(node, leader, interrupted)}, typed (StampedLock, Object, Object, boolean) long. */
    private final MethodHandle cancelCowaiter;

    private StampedLockQueue() throws ReflectiveOperationException {
        super(StampedLock.class);
        Class<?> node = JdkAccess.type(StampedLock.class.getName() + "$Node");
        readerNode = JdkAccess.type(StampedLock.class.getName() + "$ReaderNode");
        cowaiters = JdkAccess.field(readerNode, "cowaiters", readerNode);
        MethodHandle acquire = null;
        MethodHandle cowaiter = null;
        try {
            acquire = JdkAccess.method(StampedLock.class, "cancelAcquire",
                    MethodType.methodType(long.class, node, boolean.class))
                    .asType(MethodType.methodType(long.class, StampedLock.class, Object.class, boolean.class));
            cowaiter = JdkAccess.method(StampedLock.class, "cancelCowaiter",
                    MethodType.methodType(long.class, readerNode, readerNode, boolean.class))
                    .asType(MethodType.methodType(long.class, StampedLock.class, Object.class, Object.class,
                            boolean.class));
        } catch (NoSuchMethodException e) {
            // Newer JDKs: the lock cancels the node itself when its park fails.
        }
        cancelAcquire = acquire;
        cancelCowaiter = cowaiter;
    }

    /** The queue, resolved on first use; null if it cannot be reached. */
    static StampedLockQueue queue() {
        return Holder.QUEUE;
    }

    /** A reader that came while a reader's node was last waits in that node's list of co-waiters. */
    @Override
    Object waiterAttachedTo(Object node, Thread thread) {
        return readerNode.isInstance(node) ? cowaiter(node, null, thread) : null;
    }

    /** The reader's node whose co-waiters {@code node} is among; null for a node of the queue itself. */
    private Object leaderOf(Object lock, Object node) {
        for (Object n = tailOf(lock); n != null && n != node; n = before(n)) {
            if (readerNode.isInstance(n) && cowaiter(n, node, null) != null) {
                return n;
            }
        }
        return null;
    }

    /** The co-waiter of the reader's node {@code leader} that is {@code node}, or whose waiter is {@code thread}. */
    private Object cowaiter(Object leader, Object node, Thread thread) {
        for (Object c = cowaiters.getVolatile(leader); c != null; c = cowaiters.getVolatile(c)) {
            if (c == node || (thread != null && waiter.get(c) == thread)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The cancel methods take the interrupt (and say so) where the uninterruptible acquire sets it again on its way
     * out: so does this.
     */
    @Override
    void cancel(Object lock, Object node, boolean interrupted) throws Throwable {
        long result = 0;
        if (cancelAcquire != null) {
            Object leader = leaderOf(lock, node);
            result = leader == null ? (long) cancelAcquire.invoke((StampedLock) lock, node, false)
                    : (long) cancelCowaiter.invoke((StampedLock) lock, node, leader, false);
        }
        if (interrupted || (result & INTERRUPTED) != 0) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Holder {
        static final StampedLockQueue QUEUE = resolve();
    }

    private static StampedLockQueue resolve() {
        try {
            return new StampedLockQueue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            HookFailure.fallBack("StampedLock's wait queue", e);
            return null;
        }
    }
}
