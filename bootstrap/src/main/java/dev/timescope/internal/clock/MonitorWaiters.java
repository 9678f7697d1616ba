package dev.timescope.internal.clock;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members waiting in {@code Object.wait} on each monitor, across domains, in the order they began to wait.
 * A notify chooses the first of them whose wait is still on, so that it counts as runnable from the notify
 * (contract, section 3.1) and exactly one waiter returns for one notify.
 *
 * <p>Every change to one monitor's list is made by a thread that holds that monitor (a waiter before it waits
 * and after it woke, a notifier), so the lists need no lock of their own; the map only finds them.
 */
public final class MonitorWaiters {

    private static final ConcurrentHashMap<IdentityKey, Waiters> BY_MONITOR = new ConcurrentHashMap<>();

    private MonitorWaiters() {
    }

    /** One monitor's waiters; guarded by the monitor itself. */
    static final class Waiters {
        final ArrayDeque<Wait> queue = new ArrayDeque<>(2);
        /** Bumped by every notify that chose a waiter: a waiter that wakes without being chosen waits again. */
        long notifies;
    }

    /** Called holding {@code monitor}. */
    static Waiters add(Object monitor, Wait w) {
        Waiters waiters = BY_MONITOR.computeIfAbsent(new IdentityKey(monitor), k -> new Waiters());
        waiters.queue.add(w);
        return waiters;
    }

    /** Called holding {@code monitor}. */
    static void remove(Object monitor, Waiters waiters, Wait w) {
        waiters.queue.remove(w);
        if (waiters.queue.isEmpty()) {
            BY_MONITOR.remove(new IdentityKey(monitor), waiters);
        }
    }

    /**
     * {@code Object.notify} by any thread holding {@code monitor}: wakes the first waiting member whose wait is
     * still on. Returns false when no member waits here, so the caller does a plain real notify.
     */
    public static boolean notifyOne(Object monitor) {
        Waiters waiters = BY_MONITOR.get(new IdentityKey(monitor));
        if (waiters == null) {
            return false;
        }
        for (Wait w : waiters.queue) {
            if (w.member.domain.notifyWaiter(w)) {
                waiters.notifies++;
                return true;
            }
        }
        return false;
    }

    /** {@code Object.notifyAll}: wakes every waiting member; the caller then does a real notifyAll. */
    public static boolean notifyAll(Object monitor) {
        Waiters waiters = BY_MONITOR.get(new IdentityKey(monitor));
        if (waiters == null) {
            return false;
        }
        boolean any = false;
        for (Wait w : waiters.queue) {
            any |= w.member.domain.notifyWaiter(w);
        }
        waiters.notifies++;
        return any;
    }
}
