package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.PoolKind;
import dev.timescope.internal.clock.Work;
import dev.timescope.internal.clock.WorkControl;
import dev.timescope.internal.clock.Works;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The executors instrumentation's hooks (contract, section 1): {@code ThreadPoolExecutor} (and so
 * {@code ScheduledThreadPoolExecutor}, the {@code Executors} pools and most libraries' pools) and
 * {@code ForkJoinPool} (the common pool, {@code ForkJoinTask.fork}, {@code CompletableFuture}'s async stages).
 *
 * <ul>
 *   <li>A member's submission becomes work in flight of its domain, before the task is published.</li>
 *   <li>A pool's thread borrows the task's domain while it runs it ({@link PoolWorkers}).</li>
 *   <li>A task that leaves its queue without running (rejected, removed, drained, cancelled) stops counting.</li>
 *   <li>The threads a pool creates are never members, whoever's call made the pool create them.</li>
 * </ul>
 */
public final class ExecutorHooks {

    private ExecutorHooks() {
    }

    // ---------------------------------------------------------------- ThreadPoolExecutor

    /** At the entry of {@code ThreadPoolExecutor.execute}: a member's task is work in flight from here. */
    public static void execute(ThreadPoolExecutor pool, Runnable task) {
        Member m = Domains.current();
        if (m == null || task == null || pool.isShutdown()) {
            return;
        }
        try {
            m.domain().submitted(task, pool, TPE_KIND, TPE_CONTROL, m);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("ThreadPoolExecutor.execute", e);
        }
    }

    /** Replaces {@code task.run()} in {@code ThreadPoolExecutor.runWorker}. */
    public static void runTask(Runnable task) {
        PoolWorkers.Run run = Domains.anyOpen() ? EarlyPoolWorkers.claim(task) : null;
        try {
            task.run();
        } finally {
            PoolWorkers.afterRun(run, true);
        }
    }

    /**
     * Replaces {@code workQueue.take()} in {@code ThreadPoolExecutor.getTask}: the worker is idle (unless a
     * shutdown's interrupt is on its way: see {@link dev.timescope.internal.clock.Domain#detachIdle}).
     */
    public static Object idleTake(BlockingQueue<?> queue) throws InterruptedException {
        if (Domains.anyOpen()) {
            EarlyPoolWorkers.over(false);
            PoolWorkers.idle();
        }
        return queue.take();
    }

    /** Replaces {@code workQueue.poll(keepAlive, unit)} in {@code ThreadPoolExecutor.getTask}: as {@link #idleTake}. */
    public static Object idlePoll(BlockingQueue<?> queue, long timeout, TimeUnit unit) throws InterruptedException {
        if (Domains.anyOpen()) {
            EarlyPoolWorkers.over(false);
            PoolWorkers.idle();
        }
        return queue.poll(timeout, unit);
    }

    /**
     * At the entry of {@code ThreadPoolExecutor.beforeExecute} (a subclass's calls it through {@code super}): the
     * worker is about to run {@code task}. Only a worker loop from before the rewrite needs to know
     * ({@link EarlyPoolWorkers}).
     */
    public static void beforeExecute(ThreadPoolExecutor pool, Runnable task) {
        EarlyPoolWorkers.taken(task);
    }

    /** At the entry of {@code ThreadPoolExecutor.afterExecute}: as {@link #beforeExecute}, the task is over. */
    public static void afterExecute(ThreadPoolExecutor pool) {
        EarlyPoolWorkers.over(false);
    }

    /** At the entry of {@code ThreadPoolExecutor.processWorkerExit}: the calling thread leaves the pool. */
    public static void workerExiting(ThreadPoolExecutor pool) {
        EarlyPoolWorkers.over(true);
    }

    /**
     * At the entry of {@code ThreadPoolExecutor.shutdown()} and {@code shutdownNow()}: a member stops the pool, and
     * may then await its termination, which its threads bring about on their way out (the last one signals it). So
     * from this instant every thread of the pool that belongs to no domain is the domain's, runnable, until it
     * waits for a task again or exits: even one that has just been started and has not looked at its queue yet,
     * which the pool's own interrupts miss.
     */
    public static void shuttingDown(ThreadPoolExecutor pool) {
        Member m = Domains.current();
        if (m == null) {
            return;
        }
        try {
            for (Thread t : workerThreads(pool)) {
                if (t != Thread.currentThread() && Domains.memberOf(t) == null) {
                    m.domain().attachPoolThread(t, false);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("ThreadPoolExecutor.shutdown", e);
        }
    }

    /**
     * Replaces {@code thread.interrupt()} in {@code ThreadPoolExecutor} and its {@code Worker}: the pool wakes an
     * idle thread so that it exits (after a shutdown: the last one signals the termination a member may be
     * awaiting). A member's wake-up is the domain's: the thread counts as runnable from this instant, until it
     * waits for a task again or exits.
     */
    public static void interruptWorker(Thread worker) {
        Member attached = null;
        if (Domains.anyOpen() && worker != Thread.currentThread()) {
            Member m = Domains.current();
            if (m != null && Domains.memberOf(worker) == null) {
                try {
                    attached = m.domain().attachPoolThread(worker, true);
                } catch (RuntimeException | LinkageError e) {
                    HookFailure.fallBack("ThreadPoolExecutor's interrupt", e);
                }
            }
        }
        try {
            worker.interrupt();
        } finally {
            if (attached != null) {
                attached.domain().interrupted(attached);
            }
        }
    }

    /** At the entry of {@code ThreadPoolExecutor.reject}: the task will not run from the queue. */
    public static void rejected(ThreadPoolExecutor pool, Runnable task) {
        leftQueue(task);
    }

    /** Before each return of {@code ThreadPoolExecutor.remove(task)}. */
    public static void removed(boolean removed, ThreadPoolExecutor pool, Runnable task) {
        if (removed) {
            leftQueue(task);
        }
    }

    /** Before each return of {@code ThreadPoolExecutor.drainQueue()} ({@code shutdownNow}). */
    public static void drained(List<Runnable> tasks, ThreadPoolExecutor pool) {
        if (Works.isEmpty() || tasks == null) {
            return;
        }
        for (Runnable task : tasks) {
            leftQueue(task);
        }
    }

    private static void leftQueue(Object task) {
        if (Works.isEmpty()) {
            return;
        }
        Work w = Works.of(task);
        if (w != null) {
            try {
                w.domain().removedFromQueue(w);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("a pool's queue", e);
            }
        }
    }

    /**
     * Replaces {@code threadFactory.newThread(worker)} in {@code ThreadPoolExecutor.Worker}'s constructor: the
     * thread the factory makes is a pool worker, never a member, even when a member's submission makes it.
     */
    public static Thread newWorkerThread(ThreadFactory factory, Runnable worker) {
        Member m = Domains.currentRecord();
        if (m == null) {
            return factory.newThread(worker);
        }
        m.constructingPoolWorker(true);
        try {
            return factory.newThread(worker);
        } finally {
            m.constructingPoolWorker(false);
        }
    }

    // ---------------------------------------------------------------- FutureTask

    /**
     * At the entry of {@code FutureTask.finishCompletion}: the future is done. If that was not by its run
     * (it was cancelled), its work in flight stops counting at once, and a scheduled one's timer is cancelled.
     */
    public static void futureDone(Object task) {
        if (Works.isEmpty()) {
            return;
        }
        Work w = Works.of(task);
        if (w != null) {
            try {
                w.domain().completedOutsideRun(w);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("FutureTask", e);
            }
        }
    }

    // ---------------------------------------------------------------- ForkJoinPool

    /** At the entry of the methods that put a task into a {@code ForkJoinPool}'s queues. */
    public static void pushing(Object queue, ForkJoinTask<?> task, ForkJoinPool pool) {
        Member m = Domains.current();
        if (m == null || task == null || pool == null || ForkJoin.isVirtualThreadScheduler(pool)
                || pool.isShutdown()) {
            return;
        }
        try {
            m.domain().submitted(task, pool, FJP_KIND, FJP_CONTROL, m);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("ForkJoinPool's submission", e);
        }
    }

    /** JDK 25: {@code WorkQueue.push(task, pool, internal)}. */
    public static void pushing(Object queue, ForkJoinTask<?> task, ForkJoinPool pool, boolean internal) {
        pushing(queue, task, pool);
    }

    /** JDK 17: {@code ForkJoinPool.externalPush(task)}. */
    public static void pushing(ForkJoinPool pool, ForkJoinTask<?> task) {
        pushing(null, task, pool);
    }

    /** Replaces {@code task.doExec()} (JDK 17, returns the status) wherever a thread runs a fork/join task. */
    public static int doExec(ForkJoinTask<?> task) throws Throwable {
        PoolWorkers.Run run = PoolWorkers.beforeRun(task);
        try {
            return (int) ForkJoin.DO_EXEC.invokeExact(task);
        } finally {
            PoolWorkers.afterRun(run, Thread.currentThread() instanceof ForkJoinWorkerThread);
        }
    }

    /** Replaces {@code task.doExec()} (JDK 21+, void). */
    public static void doExecVoid(ForkJoinTask<?> task) throws Throwable {
        PoolWorkers.Run run = PoolWorkers.beforeRun(task);
        try {
            ForkJoin.DO_EXEC.invokeExact(task);
        } finally {
            PoolWorkers.afterRun(run, Thread.currentThread() instanceof ForkJoinWorkerThread);
        }
    }

    /** At the entry of {@code ForkJoinPool.awaitWork}: the worker has nothing to do and will wait. */
    public static void poolIdle(ForkJoinPool pool) {
        PoolWorkers.idle();
    }

    /** Replaces {@code factory.newThread(pool)} in {@code ForkJoinPool.createWorker}. */
    public static ForkJoinWorkerThread newForkJoinWorker(ForkJoinPool.ForkJoinWorkerThreadFactory factory,
                                                         ForkJoinPool pool) {
        Member m = Domains.currentRecord();
        if (m == null) {
            return factory.newThread(pool);
        }
        m.constructingPoolWorker(true);
        try {
            return factory.newThread(pool);
        } finally {
            m.constructingPoolWorker(false);
        }
    }

    /** For the agent, at start-up: null if every JDK member these hooks reach was found, else what is missing. */
    public static String verify() {
        if (Tpe.CTL == null || Tpe.WORKERS == null) {
            return "ThreadPoolExecutor.ctl is not where this version of timescope expects it";
        }
        if (ForkJoin.DO_EXEC == null) {
            return "ForkJoinTask.doExec is not where this version of timescope expects it";
        }
        return null;
    }

    // ---------------------------------------------------------------- pool kinds and controls

    /** A {@code ThreadPoolExecutor}'s live workers, from its {@code ctl} word: no lock. */
    static final PoolKind TPE_KIND = pool -> {
        AtomicInteger ctl = (AtomicInteger) Tpe.CTL.get((ThreadPoolExecutor) pool);
        return ctl.get() & Tpe.COUNT_MASK;
    };

    static final PoolKind FJP_KIND = pool -> ((ForkJoinPool) pool).getPoolSize();

    static final WorkControl TPE_CONTROL = new FutureControl() {
        @Override
        public void cancel(Work work) {
            Object task = work.task();
            ((ThreadPoolExecutor) work.pool()).remove((Runnable) task);
            if (task instanceof Future) {
                ((Future<?>) task).cancel(false);
            }
        }

        @Override
        public boolean isDone(Object task) {
            return task instanceof FutureTask && ((FutureTask<?>) task).isDone(); // a plain Runnable: only by running
        }
    };

    static final WorkControl FJP_CONTROL = new FutureControl();

    /**
     * Whether a pool's threads are all daemons (and it has some): the mark of background housekeeping, which the
     * process does not wait for. Takes the pool's main lock: call it outside every domain's lock.
     */
    static boolean hasOnlyDaemonThreads(ThreadPoolExecutor pool) {
        List<Thread> threads = workerThreads(pool);
        if (threads.isEmpty()) {
            return false;
        }
        for (Thread t : threads) {
            if (!t.isDaemon()) {
                return false;
            }
        }
        return true;
    }

    /** The pool's threads now, read under its main lock (so: outside every domain's lock). */
    private static List<Thread> workerThreads(ThreadPoolExecutor pool) {
        List<Thread> threads = new ArrayList<>();
        ReentrantLock lock = (ReentrantLock) Tpe.MAIN_LOCK.get(pool);
        lock.lock();
        try {
            for (Object w : (Set<?>) Tpe.WORKERS.get(pool)) {
                Thread t = (Thread) Tpe.WORKER_THREAD.get(w);
                if (t != null) {
                    threads.add(t);
                }
            }
        } finally {
            lock.unlock();
        }
        return threads;
    }

    /** {@code ThreadPoolExecutor}'s private state, resolved on first use. */
    private static final class Tpe {
        static final VarHandle CTL;
        static final VarHandle MAIN_LOCK;
        static final VarHandle WORKERS;
        static final VarHandle WORKER_THREAD;
        static final int COUNT_MASK = (1 << (Integer.SIZE - 3)) - 1;

        static {
            VarHandle ctl = null;
            VarHandle mainLock = null;
            VarHandle workers = null;
            VarHandle workerThread = null;
            try {
                ctl = JdkAccess.field(ThreadPoolExecutor.class, "ctl", AtomicInteger.class);
                mainLock = JdkAccess.field(ThreadPoolExecutor.class, "mainLock", ReentrantLock.class);
                workers = JdkAccess.field(ThreadPoolExecutor.class, "workers", HashSet.class);
                Class<?> worker = JdkAccess.type("java.util.concurrent.ThreadPoolExecutor$Worker");
                workerThread = JdkAccess.field(worker, "thread", Thread.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack("ThreadPoolExecutor's state", e);
            }
            CTL = ctl;
            MAIN_LOCK = mainLock;
            WORKERS = workers;
            WORKER_THREAD = workerThread;
        }
    }

    /** {@code ForkJoinTask} and {@code ForkJoinPool} internals, resolved on first use. */
    static final class ForkJoin {
        static final MethodHandle DO_EXEC;
        private static final ForkJoinPool VIRTUAL_THREAD_SCHEDULER;

        static {
            MethodHandle doExec = null;
            try {
                MethodHandle h;
                try {
                    h = JdkAccess.method(ForkJoinTask.class, "doExec", MethodType.methodType(int.class));
                    doExec = h.asType(MethodType.methodType(int.class, ForkJoinTask.class));
                } catch (NoSuchMethodException e) {
                    h = JdkAccess.method(ForkJoinTask.class, "doExec", MethodType.methodType(void.class));
                    doExec = h.asType(MethodType.methodType(void.class, ForkJoinTask.class));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack("ForkJoinTask.doExec", e);
            }
            DO_EXEC = doExec;
            ForkJoinPool scheduler = null;
            try {
                Class<?> vt = JdkAccess.type("java.lang.VirtualThread");
                scheduler = (ForkJoinPool) JdkAccess.staticField(vt, "DEFAULT_SCHEDULER", ForkJoinPool.class).get();
            } catch (ClassNotFoundException e) {
                // JDK 17: no virtual threads
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack("VirtualThread's scheduler", e);
            }
            VIRTUAL_THREAD_SCHEDULER = scheduler;
        }

        /** The carriers of virtual threads: what it runs are virtual threads, members or not by themselves. */
        static boolean isVirtualThreadScheduler(ForkJoinPool pool) {
            return pool == VIRTUAL_THREAD_SCHEDULER;
        }
    }
}
