package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.CreationSite;
import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.Work;
import dev.timescope.internal.clock.WorkControl;
import dev.timescope.internal.clock.Works;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The scheduled executors instrumentation's hooks (contract, section 1, "Timer"): a task a member schedules
 * with a delay is a timer of its domain, wherever the scheduler was created, and becomes work in flight when
 * that timer fires.
 *
 * <p><b>{@code ScheduledThreadPoolExecutor}</b> (and the JDK 17 {@code CompletableFuture} delayer, which is
 * one): the task stays in the executor's queue, so that {@code shutdown} policies, {@code getQueue} and
 * {@code remove} see it as usual, but with a trigger time so far away that the pool's threads never take it
 * by their real clock. When the domain's timer fires, the dispatcher moves it to the front (trigger: now).
 * {@code getDelay} tells a member the virtual delay left. A periodic task is put back the same way after each
 * run, its next deadline counted in virtual time.
 *
 * <p><b>{@code ForkJoinPool}'s delayed tasks</b> (JDK 21+: {@code CompletableFuture.orTimeout},
 * {@code delayedExecutor}, {@code ForkJoinPool.schedule}): the pool's delay scheduler is a lock-free heap that
 * cannot be reordered from outside, so the task is held by the domain until its virtual time, then given to
 * the pool with no delay left.
 */
public final class ScheduledExecutorHooks {

    private ScheduledExecutorHooks() {
    }

    /** For the agent, at start-up: null if every JDK member these hooks reach was found, else what is missing. */
    public static String verify() {
        if (Stpe.TIME == null || Stpe.PERIOD == null || Stpe.QUEUE_LOCK == null) {
            return "ScheduledThreadPoolExecutor's task fields are not where this version of timescope expects them";
        }
        if (Fj.PRESENT && (Fj.WHEN == null || Fj.SCHEDULE == null || Fj.PEND == null)) {
            return "ForkJoinPool's delay scheduler is not what this version of timescope expects";
        }
        return null;
    }

    // ---------------------------------------------------------------- ScheduledThreadPoolExecutor

    /** At the entry of {@code ScheduledThreadPoolExecutor.delayedExecute(task)}, before the task is queued. */
    public static void delayedExecute(ScheduledThreadPoolExecutor executor, RunnableScheduledFuture<?> task) {
        Member m = Domains.current();
        if (m == null || !Stpe.isOwnTask(task) || executor.isShutdown()) {
            return;
        }
        try {
            Domain d = m.domain();
            long delay = d.nanosUntilNanoTime((long) Stpe.TIME.get(task)); // computed by the member: virtual
            long period = (long) Stpe.PERIOD.get(task);
            StackTraceElement[] site = delay > 0 || period != 0 ? CreationSite.capture() : null;
            if (ServiceThreads.isScheduledByTestFramework(site)) {
                return;
            }
            Work w = d.scheduled(task, executor, ExecutorHooks.TPE_KIND, STPE_CONTROL, m, delay, period, site);
            if (w != null) {
                Stpe.TIME.set(task, delay > 0 ? Stpe.farAway() : System.nanoTime());
            }
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("ScheduledThreadPoolExecutor.schedule", e);
        }
    }

    /**
     * At the entry of {@code ScheduledThreadPoolExecutor.reExecutePeriodic(task)}: a periodic task's run has
     * ended and the executor puts it back; its next deadline is the domain's.
     */
    public static void reExecutePeriodic(ScheduledThreadPoolExecutor executor, RunnableScheduledFuture<?> task) {
        if (Works.isEmpty()) {
            return;
        }
        Work w = Works.of(task);
        if (w == null) {
            return;
        }
        try {
            if (w.domain().rearm(w)) {
                Stpe.TIME.set(task, Stpe.farAway());
            } else {
                task.cancel(false); // cancelled, or its domain has closed: it must not go on, on a stale clock
                Stpe.TIME.set(task, System.nanoTime()); // due at once, so that the pool drops it as it does any
            }
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("ScheduledThreadPoolExecutor's periodic task", e);
        }
    }

    /**
     * Replaces {@code System.nanoTime()} in {@code ScheduledFutureTask.getDelay}, which returns
     * {@code time - nanoTime()}: see {@link Domain#delayBase}.
     */
    public static long delayBase(Object task) {
        long realNow = System.nanoTime();
        if (Works.isEmpty()) {
            return realNow;
        }
        Work w = Works.of(task);
        if (w == null) {
            return realNow;
        }
        // A member's own code reads the virtual delay; the pool's threads, waiting for due tasks in its queue
        // (attached or not), read the task as far away until the domain releases it.
        Member reader = Domains.current();
        boolean virtual = reader != null && reader.domain() == w.domain() && !(reader.isBorrowed() && reader.taskDepth() == 0);
        return w.domain().delayBase(w, (long) Stpe.TIME.get(task), realNow, virtual);
    }

    static final WorkControl STPE_CONTROL = new FutureControl() {
        @Override
        public boolean release(Work work, BooleanSupplier stillDue) {
            return moveInQueue(work, () -> stillDue.getAsBoolean() ? System.nanoTime() : NOT_MOVED);
        }

        @Override
        public boolean handBack(Work work, long remainingNanos) {
            if (!ExecutorHooks.hasOnlyDaemonThreads((ScheduledThreadPoolExecutor) work.pool())) {
                return false;
            }
            moveInQueue(work, () -> System.nanoTime() + remainingNanos);
            return true;
        }

        @Override
        public void cancel(Work work) {
            RunnableScheduledFuture<?> task = (RunnableScheduledFuture<?>) work.task();
            task.cancel(false);
            ((ScheduledThreadPoolExecutor) work.pool()).remove(task); // whatever its remove-on-cancel policy
        }
    };

    private static final long NOT_MOVED = Long.MIN_VALUE;

    /**
     * Gives a queued task a new trigger time, restoring the queue's order (out, then in again), holding the
     * queue's lock throughout: a pool thread that looked in between would see an empty queue and, after a
     * shutdown, leave for good. {@code newTime} may say {@link #NOT_MOVED}: the task goes back as it was.
     */
    private static boolean moveInQueue(Work work, LongSupplier newTime) {
        RunnableScheduledFuture<?> task = (RunnableScheduledFuture<?>) work.task();
        BlockingQueue<Runnable> queue = ((ScheduledThreadPoolExecutor) work.pool()).getQueue();
        ReentrantLock lock =
                (ReentrantLock) Stpe.QUEUE_LOCK.get(queue);
        lock.lock();
        try {
            if (!queue.remove(task)) {
                return true; // taken by the pool meanwhile, or cancelled and removed: nothing to move
            }
            long time = newTime.getAsLong();
            if (time != NOT_MOVED) {
                Stpe.TIME.set(task, time);
            }
            queue.add(task);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@code ScheduledThreadPoolExecutor.ScheduledFutureTask}'s private state. */
    private static final class Stpe {
        static final Class<?> TASK;
        static final VarHandle TIME;
        static final VarHandle PERIOD;
        static final VarHandle QUEUE_LOCK;

        static {
            Class<?> task = null;
            VarHandle time = null;
            VarHandle period = null;
            VarHandle queueLock = null;
            try {
                task = JdkAccess.type("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask");
                time = JdkAccess.field(task, "time", long.class);
                period = JdkAccess.field(task, "period", long.class);
                Class<?> queue = JdkAccess.type("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue");
                queueLock = JdkAccess.field(queue, "lock", ReentrantLock.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack("ScheduledThreadPoolExecutor's tasks", e);
            }
            TASK = task;
            TIME = time;
            PERIOD = period;
            QUEUE_LOCK = queueLock;
        }

        /** Tasks of a subclass's {@code decorateTask} keep their own time: only the executor's own can be moved. */
        static boolean isOwnTask(Object task) {
            return task != null && task.getClass() == TASK && TIME != null;
        }

        /** A trigger time no real clock reaches, within range of the others for the queue's comparisons. */
        static long farAway() {
            return System.nanoTime() + (Long.MAX_VALUE >> 2);
        }
    }

    // ---------------------------------------------------------------- ForkJoinPool's delay scheduler (JDK 21+)

    /**
     * Replaces {@code pool.scheduleDelayedTask(task)} (JDK 21+): a member's delayed task is held by its domain
     * until its virtual time; every other call goes to the pool's delay scheduler as before.
     */
    public static ScheduledFuture<?> scheduleDelayedTask(ForkJoinPool pool, ForkJoinTask<?> task) throws Throwable {
        Member m = Domains.current();
        if (m != null && !pool.isShutdown()) {
            try {
                Domain d = m.domain();
                long delay = (long) Fj.WHEN.get(task) - (Fj.OFFSET + d.nanoTime()); // computed by the member
                long period = (long) Fj.NEXT_DELAY.get(task);
                StackTraceElement[] site = CreationSite.capture();
                if (ServiceThreads.isScheduledByTestFramework(site)) {
                    return (ScheduledFuture<?>) Fj.SCHEDULE.invokeExact(pool, task);
                }
                if (delay > 0) {
                    if (d.scheduled(task, pool, ExecutorHooks.FJP_KIND, FJ_CONTROL, m, delay, period, site) != null) {
                        return (ScheduledFuture<?>) task;
                    }
                } else if (d.scheduled(task, pool, ExecutorHooks.FJP_KIND, FJ_CONTROL, m, 0, period, null) != null) {
                    Fj.WHEN.set(task, Fj.realNow());
                }
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("ForkJoinPool's delayed task", e);
            }
        }
        return (ScheduledFuture<?>) Fj.SCHEDULE.invokeExact(pool, task);
    }

    /**
     * Replaces {@code delayScheduler.pend(this)} in {@code ScheduledForkJoinTask.postExec}: a periodic task goes
     * back to its domain, not to the pool's delay scheduler.
     */
    public static void repend(Object delayScheduler, ForkJoinTask<?> task) throws Throwable {
        Work w = Works.isEmpty() ? null : Works.of(task);
        if (w != null) {
            try {
                if (w.domain().rearm(w)) {
                    return;
                }
                task.cancel(false); // cancelled, or its domain has closed
                return;
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("ForkJoinPool's periodic task", e);
            }
        }
        Fj.PEND.invokeExact(delayScheduler, task);
    }

    /** Replaces {@code DelayScheduler.now()} in {@code ScheduledForkJoinTask.getDelay}: a held task's delay is virtual. */
    public static long delayNow(Object task) {
        long realNow = Fj.realNow();
        Work w = Works.isEmpty() ? null : Works.of(task);
        if (w == null) {
            return realNow;
        }
        return (long) Fj.WHEN.get(task) - w.domain().remainingNanos(w);
    }

    /** Before each return of {@code ScheduledForkJoinTask.cancel}: a held task's timer goes with it. */
    public static void cancelled(boolean cancelled, Object task) {
        if (cancelled) {
            ExecutorHooks.futureDone(task);
        }
    }

    static final WorkControl FJ_CONTROL = new FutureControl() {
        @Override
        public boolean release(Work work, BooleanSupplier stillDue) {
            ForkJoinTask<?> task = (ForkJoinTask<?>) work.task();
            if (task.isDone() || !stillDue.getAsBoolean()) {
                return true; // nothing to hand on: a held task is in no pool until released, so no race
            }
            Fj.WHEN.set(task, Fj.realNow());
            try {
                Object unused = (ScheduledFuture<?>) Fj.SCHEDULE.invokeExact((ForkJoinPool) work.pool(), task);
                return true;
            } catch (RejectedExecutionException e) {
                task.cancel(false); // the pool shut down meanwhile: the task is cancelled, as the pool would
                return false;
            } catch (Throwable e) {
                HookFailure.fallBack("ForkJoinPool's delayed task", e);
                return false;
            }
        }
    };

    /** {@code java.util.concurrent.DelayScheduler} and its tasks (JDK 21+), resolved on first use. */
    private static final class Fj {
        /** JDK 25 has a delay scheduler in ForkJoinPool; JDK 17's CompletableFuture delays on a scheduled executor. */
        static final boolean PRESENT;
        static final VarHandle WHEN;
        static final VarHandle NEXT_DELAY;
        static final long OFFSET;
        static final MethodHandle SCHEDULE;
        static final MethodHandle PEND;

        static {
            VarHandle when = null;
            VarHandle nextDelay = null;
            long offset = 0;
            MethodHandle schedule = null;
            MethodHandle pend = null;
            Class<?> scheduler = null;
            try {
                scheduler = JdkAccess.type("java.util.concurrent.DelayScheduler");
            } catch (ClassNotFoundException e) {
                // not this JDK's design: nothing to reach
            }
            PRESENT = scheduler != null;
            try {
                if (scheduler == null) {
                    throw new ClassNotFoundException();
                }
                Class<?> task = JdkAccess.type("java.util.concurrent.DelayScheduler$ScheduledForkJoinTask");
                when = JdkAccess.field(task, "when", long.class);
                nextDelay = JdkAccess.field(task, "nextDelay", long.class);
                offset = (long) JdkAccess.staticField(scheduler, "nanoTimeOffset", long.class).get();
                schedule = JdkAccess.method(ForkJoinPool.class, "scheduleDelayedTask", MethodType.methodType(task, task))
                        .asType(MethodType.methodType(ScheduledFuture.class, ForkJoinPool.class, ForkJoinTask.class));
                pend = JdkAccess.method(scheduler, "pend", MethodType.methodType(void.class, task))
                        .asType(MethodType.methodType(void.class, Object.class, ForkJoinTask.class));
            } catch (ClassNotFoundException e) {
                // JDK 17
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack("ForkJoinPool's delay scheduler", e);
            }
            WHEN = when;
            NEXT_DELAY = nextDelay;
            OFFSET = offset;
            SCHEDULE = schedule;
            PEND = pend;
        }

        /** {@code DelayScheduler.now()} on the real clock. */
        static long realNow() {
            return OFFSET + System.nanoTime();
        }
    }
}
