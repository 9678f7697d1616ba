package dev.timescope.internal.hooks;

/**
 * A failure that ends a member's wait for a {@code java.util.concurrent} synchronizer (contract, section 4) takes
 * the member's node out of the synchronizer's queue, as an interrupted or timed-out wait does, before it is thrown
 * from the park inside {@code acquire}. Left there, the node would keep its place: a fair lock would make every later
 * thread queue behind a waiter that is gone, and a release would wake the gone waiter instead of the next one.
 *
 * <p>Its {@code acquire} parks with the synchronizer as the blocker; the node is the one of the queue whose waiter is
 * the current thread, found from the tail as the synchronizer's own queries find waiters. It is cancelled by the
 * synchronizer's own {@code cancelAcquire}, which unlinks it and wakes the next waiter if need be.
 */
final class LockQueues {

    private LockQueues() {
    }

    /** Called by a member as a failure comes out of its park on {@code blocker}: leaves that blocker's queue. */
    static void leave(Object blocker) {
        SynchronizerInternals s = SynchronizerInternals.forSynchronizer(blocker);
        if (s == null) {
            return;
        }
        try {
            Thread current = Thread.currentThread();
            for (Object node = s.tail.getVolatile(blocker); node != null; node = s.prev.getVolatile(node)) {
                if (s.waiter.get(node) == current) {
                    s.cancelAcquire.invoke(blocker, node);
                    return;
                }
            }
        } catch (Throwable e) {
            HookFailure.fallBack("lock queue", e);
        }
    }
}
