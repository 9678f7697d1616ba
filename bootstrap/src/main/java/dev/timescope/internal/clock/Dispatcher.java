package dev.timescope.internal.clock;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that does, outside every domain's lock, what a domain decides under it: hand a scheduled task
 * whose virtual time has come to its pool (that takes the pool's own locks), and wake a member out of a real
 * {@code Object.wait} when its virtual deadline passes (that takes an interrupt). Actions run in the order they
 * were decided. It is never a member: it is created before any root is registered, and its name marks it as
 * timescope's.
 */
final class Dispatcher implements Runnable {

    static final String THREAD_NAME = "timescope-dispatcher";
    private static final long IDLE_PARK_NANOS = 1_000_000_000L;

    private static final ConcurrentLinkedQueue<Runnable> ACTIONS = new ConcurrentLinkedQueue<>();
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static volatile Thread thread;

    private Dispatcher() {
    }

    static synchronized void ensureRunning() {
        Thread t = thread;
        if (t == null || !t.isAlive()) {
            t = new Thread(null, new Dispatcher(), THREAD_NAME, 0, false);
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    static boolean isDispatcher(Thread t) {
        return t == thread;
    }

    /** Queues an action; it may be decided under a domain's lock (it only links a node and unparks). */
    static void submit(Runnable action) {
        ACTIONS.add(action);
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        while (true) {
            Runnable action = ACTIONS.poll();
            if (action == null) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                continue;
            }
            try {
                action.run();
            } catch (Throwable e) {
                if (WARNED.compareAndSet(false, true)) {
                    System.getLogger("dev.timescope").log(Level.WARNING, "timescope: the dispatcher failed to hand on"
                            + " a task; later failures are not reported. This is a timescope bug.", e);
                }
            }
        }
    }
}
