package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domains;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ThreadPoolExecutor} threads whose worker loop began before the agent rewrote the class (contract,
 * section 1): the JDK's classes are rewritten when the first domain opens, and a running method keeps the code it
 * started with, so such a thread's {@code runWorker} never calls {@link ExecutorHooks#runTask}. Its pool is often
 * one a domain uses: a cached pool's idle thread, the JDK's process reaper (which the attach of the agent at run
 * time starts), a pool of the application's made before its first test.
 *
 * <p>What that loop calls is rewritten, though: {@code beforeExecute} and {@code afterExecute} around each task
 * (the pool's own, or a subclass's that calls them through {@code super}), {@code getTask} for the next one (the
 * call it waits in now excepted) and {@code processWorkerExit}. So for these threads a task's run starts at
 * {@code beforeExecute} ({@link #taken}) and ends at {@code afterExecute}, or at the latest when the thread next
 * waits for work or leaves the pool ({@link #over}): the same steps as {@link PoolWorkers}, a little wider. A
 * subclass whose {@code beforeExecute} does not call {@code super} hides its tasks from an early loop: they run in
 * real time, and each holds the clock as work in flight that never started (a submitted one until it ends, an
 * executed {@code Runnable} until the stall warning names it).
 *
 * <p>The threads are found once, by their stacks, right after the rewrite; a thread counted there that entered
 * {@code runWorker} after the rewrite runs the rewritten loop after all: its first {@code runTask} takes the run
 * started for it ({@link #claim}) and the thread is forgotten here.
 *
 * <p>Every step acts only while a domain is open, so outside every domain it costs the one volatile read that tells.
 * A run whose domain closed before its end is ended at the thread's next step in a domain (a closed domain's run
 * and member are ended and detached as the other pool threads' are, whenever that is); a thread that leaves its
 * pool while no domain is open stays counted here, harmlessly, as a dead thread never calls again.
 */
public final class EarlyPoolWorkers {

    /** What a thread of an early loop is running; null while it waits for a task or runs one of no domain. */
    private static final class Slot {
        PoolWorkers.Run run; // only its own thread touches it
    }

    /** Null when there is no such thread (the usual case), or once every one has left its pool in a domain. */
    private static volatile ConcurrentHashMap<Thread, Slot> threads;

    private EarlyPoolWorkers() {
    }

    /**
     * Called by the agent right after it rewrote {@code ThreadPoolExecutor}: the threads whose loop is older. A thread
     * named here whose loop is the rewritten one after all is harmless: its first task tells.
     */
    public static synchronized void found(Collection<Thread> early) {
        ConcurrentHashMap<Thread, Slot> map = threads;
        if (map == null) {
            map = new ConcurrentHashMap<>();
        }
        for (Thread t : early) {
            if (t.isAlive()) { // one that has left already would never be forgotten
                map.putIfAbsent(t, new Slot());
            }
        }
        if (!map.isEmpty()) {
            threads = map;
        }
    }

    /** Whether {@code thread} is taken for one whose worker loop is older than the rewrite: for tests. */
    public static boolean isEarly(Thread thread) {
        ConcurrentHashMap<Thread, Slot> map = threads;
        return map != null && map.containsKey(thread);
    }

    /** At {@code beforeExecute}: the calling thread is about to run {@code task}. */
    static void taken(Runnable task) {
        if (!Domains.anyOpen()) {
            return;
        }
        ConcurrentHashMap<Thread, Slot> map = threads;
        if (map == null || task == null) {
            return;
        }
        Slot slot = map.get(Thread.currentThread());
        if (slot != null) {
            end(slot, true); // a run whose domain closed before it ended
            slot.run = PoolWorkers.beforeRun(task);
        }
    }

    /**
     * At the rewritten {@code runTask}, with a domain open (the caller tells): the run of {@code task}. For a thread
     * counted here, whose loop is the rewritten one after all, that is the run {@link #taken} started for it, and the
     * thread is forgotten here.
     */
    static PoolWorkers.Run claim(Runnable task) {
        ConcurrentHashMap<Thread, Slot> map = threads;
        Slot slot = map == null ? null : map.get(Thread.currentThread());
        if (slot == null || slot.run == null) {
            if (slot != null) {
                forget(map);
            }
            return PoolWorkers.beforeRun(task);
        }
        forget(map);
        PoolWorkers.Run run = slot.run;
        slot.run = null;
        return run;
    }

    /**
     * The thread waits for its next task ({@code exits} false) or leaves its pool ({@code exits} true): the task
     * it took last is over.
     */
    static void over(boolean exits) {
        if (!Domains.anyOpen()) {
            return;
        }
        ConcurrentHashMap<Thread, Slot> map = threads;
        if (map == null) {
            return;
        }
        Slot slot = map.get(Thread.currentThread());
        if (slot == null) {
            return;
        }
        end(slot, !exits);
        if (exits) {
            forget(map);
        }
    }

    private static void end(Slot slot, boolean stay) {
        PoolWorkers.Run run = slot.run;
        if (run != null) {
            slot.run = null;
            PoolWorkers.afterRun(run, stay);
        }
    }

    private static void forget(ConcurrentHashMap<Thread, Slot> map) {
        map.remove(Thread.currentThread());
        if (map.isEmpty()) {
            synchronized (EarlyPoolWorkers.class) {
                if (map.isEmpty() && threads == map) {
                    threads = null;
                }
            }
        }
    }
}
