package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.CreationSite;
import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.PoolKind;
import dev.timescope.internal.clock.Work;
import dev.timescope.internal.clock.WorkControl;
import dev.timescope.internal.clock.Works;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.TimerTask;
import java.util.function.BooleanSupplier;

/**
 * The timers instrumentation's hooks: {@code java.util.Timer} (contract, section 1, "Timer"). As with a
 * scheduled executor, a member's task stays in the timer's queue with an execution time no real clock
 * reaches, is a timer of the domain until its virtual time, and is then moved to the front by the
 * dispatcher; the timer's thread borrows the domain while it runs it. A periodic task's next time is the
 * domain's; {@code scheduledExecutionTime()} answers in virtual time.
 */
public final class TimerHooks {

    private TimerHooks() {
    }

    /** The far-away execution time of a task waiting for its virtual time. */
    private static final long FAR_AWAY = Long.MAX_VALUE >> 2;
    /** {@code TimerTask.SCHEDULED} and {@code CANCELLED}. */
    private static final int SCHEDULED = 1;
    private static final int CANCELLED = 3;

    /** For the agent, at start-up: null if every JDK member these hooks reach was found, else what is missing. */
    public static String verify() {
        return Jdk.CLEAR == null || Jdk.NEXT_EXECUTION_TIME == null
                ? "java.util.Timer's internals are not what this version of timescope expects" : null;
    }

    /** Replaces {@code queue.add(task)} in {@code Timer.sched}: the caller holds the queue's monitor. */
    public static void add(Object queue, TimerTask task) throws Throwable {
        Member m = Domains.current();
        if (m != null) {
            try {
                Domain d = m.domain();
                long delay = d.nanosUntilEpochMillis((long) Jdk.NEXT_EXECUTION_TIME.get(task)); // set by the member
                long period = (long) Jdk.PERIOD.get(task) * 1_000_000L;
                StackTraceElement[] site = CreationSite.capture();
                if (!ServiceThreads.isScheduledByTestFramework(site)
                        && d.scheduled(task, queue, PoolKind.SINGLE_THREAD, CONTROL, m, delay, period, site) != null) {
                    Jdk.NEXT_EXECUTION_TIME.set(task, delay > 0 ? FAR_AWAY : System.currentTimeMillis());
                }
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("Timer.schedule", e);
            }
        }
        Jdk.ADD.invokeExact(queue, task);
    }

    /**
     * Replaces {@code queue.rescheduleMin(next)} in the timer thread's loop, just before a periodic task runs:
     * its next time is the domain's, counted from its virtual one.
     */
    public static void rescheduleMin(Object queue, long next) throws Throwable {
        long newTime = next;
        if (!Works.isEmpty()) {
            Object min = Jdk.GET_MIN.invokeExact(queue);
            Work w = Works.of(min);
            if (w != null) {
                try {
                    if (w.domain().rearm(w)) {
                        newTime = FAR_AWAY;
                    } else {
                        ((TimerTask) min).cancel(); // its domain has closed
                    }
                } catch (RuntimeException | LinkageError e) {
                    HookFailure.fallBack("Timer's periodic task", e);
                }
            }
        }
        Jdk.RESCHEDULE_MIN.invokeExact(queue, newTime);
    }

    /** Replaces {@code task.run()} in the timer thread's loop. */
    public static void run(TimerTask task) {
        PoolWorkers.Run run = PoolWorkers.beforeRun(task);
        try {
            task.run();
        } finally {
            PoolWorkers.afterRun(run, true);
        }
    }

    /** Replaces {@code queue.wait()} in the timer thread's loop: it is idle. */
    public static void idleWait(Object queue) throws InterruptedException {
        PoolWorkers.idle();
        queue.wait();
    }

    /** Replaces {@code queue.wait(timeout)} in the timer thread's loop. */
    public static void idleWait(Object queue, long timeoutMillis) throws InterruptedException {
        PoolWorkers.idle();
        queue.wait(timeoutMillis);
    }

    /** Replaces {@code queue.clear()} ({@code Timer.cancel}, or the timer thread's death): its tasks will not run. */
    public static void clear(Object queue) throws Throwable {
        if (!Works.isEmpty()) {
            int size = (int) Jdk.SIZE.invokeExact(queue);
            for (int i = 1; i <= size; i++) {
                ExecutorHooks.futureDone(Jdk.GET.invokeExact(queue, i));
            }
        }
        Jdk.CLEAR.invokeExact(queue);
    }

    /** Before each return of {@code TimerTask.cancel()}. */
    public static void cancelled(boolean wasScheduled, TimerTask task) {
        ExecutorHooks.futureDone(task);
    }

    /** Replaces {@code task.scheduledExecutionTime()} in application code: the virtual time of its latest run. */
    public static long scheduledExecutionTime(TimerTask task) {
        Work w = Works.isEmpty() ? null : Works.of(task);
        return w == null ? task.scheduledExecutionTime() : w.domain().dueAtEpochMillis(w);
    }

    static final WorkControl CONTROL = new WorkControl() {
        @Override
        public boolean release(Work work, BooleanSupplier stillDue) {
            return toFront(work, stillDue);
        }

        @Override
        public void cancel(Work work) {
            ((TimerTask) work.task()).cancel();
            toFront(work, () -> true); // where the timer's thread drops it, instead of holding it for ever
        }

        @Override
        public boolean isDone(Object task) {
            return (int) Jdk.STATE.get(task) > SCHEDULED; // EXECUTED or CANCELLED
        }

        @Override
        public String describe(Object task, Object pool) {
            return "TimerTask " + task + " on a java.util.Timer";
        }
    };

    /**
     * Gives a task the execution time "now" and restores the queue's order, so that the timer's thread takes it
     * next. The thread takes a task only holding the queue's monitor, so the decision is made under it.
     *
     * @return false when the task is no longer scheduled (cancelled, or its timer is gone)
     */
    private static boolean toFront(Work work, BooleanSupplier stillDue) {
        Object queue = work.pool();
        TimerTask task = (TimerTask) work.task();
        try {
            synchronized (queue) {
                synchronized (Jdk.LOCK.get(task)) {
                    int state = (int) Jdk.STATE.get(task);
                    if (state != SCHEDULED && state != CANCELLED || !stillDue.getAsBoolean()) {
                        return state == SCHEDULED;
                    }
                    Jdk.NEXT_EXECUTION_TIME.set(task, System.currentTimeMillis());
                }
                Jdk.HEAPIFY.invokeExact(queue);
                queue.notify();
            }
            return true;
        } catch (Throwable e) {
            HookFailure.fallBack("Timer's task", e);
            return false;
        }
    }

    /** {@code java.util.TimerTask} and {@code java.util.TaskQueue} internals. */
    private static final class Jdk {
        static final VarHandle NEXT_EXECUTION_TIME;
        static final VarHandle PERIOD;
        static final VarHandle STATE;
        static final VarHandle LOCK;
        static final MethodHandle ADD;
        static final MethodHandle GET_MIN;
        static final MethodHandle RESCHEDULE_MIN;
        static final MethodHandle HEAPIFY;
        static final MethodHandle SIZE;
        static final MethodHandle GET;
        static final MethodHandle CLEAR;

        static {
            VarHandle next = null;
            VarHandle period = null;
            VarHandle state = null;
            VarHandle lock = null;
            MethodHandle add = null;
            MethodHandle getMin = null;
            MethodHandle reschedule = null;
            MethodHandle heapify = null;
            MethodHandle size = null;
            MethodHandle get = null;
            MethodHandle clear = null;
            try {
                Class<?> queue = JdkAccess.type("java.util.TaskQueue");
                next = JdkAccess.field(TimerTask.class, "nextExecutionTime", long.class);
                period = JdkAccess.field(TimerTask.class, "period", long.class);
                state = JdkAccess.field(TimerTask.class, "state", int.class);
                lock = JdkAccess.field(TimerTask.class, "lock", Object.class);
                add = generic(JdkAccess.method(queue, "add", MethodType.methodType(void.class, TimerTask.class)));
                getMin = generic(JdkAccess.method(queue, "getMin", MethodType.methodType(TimerTask.class)));
                reschedule = generic(JdkAccess.method(queue, "rescheduleMin", MethodType.methodType(void.class, long.class)));
                heapify = generic(JdkAccess.method(queue, "heapify", MethodType.methodType(void.class)));
                size = generic(JdkAccess.method(queue, "size", MethodType.methodType(int.class)));
                get = generic(JdkAccess.method(queue, "get", MethodType.methodType(TimerTask.class, int.class)));
                clear = generic(JdkAccess.method(queue, "clear", MethodType.methodType(void.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                HookFailure.fallBack("java.util.Timer", e);
            }
            NEXT_EXECUTION_TIME = next;
            PERIOD = period;
            STATE = state;
            LOCK = lock;
            ADD = add;
            GET_MIN = getMin;
            RESCHEDULE_MIN = reschedule;
            HEAPIFY = heapify;
            SIZE = size;
            GET = get;
            CLEAR = clear;
        }

        /** The handle with its receiver (a package-private TaskQueue) and TimerTask results typed Object. */
        private static MethodHandle generic(MethodHandle h) {
            MethodType t = h.type().changeParameterType(0, Object.class);
            if (t.returnType() == TimerTask.class) {
                t = t.changeReturnType(Object.class);
            }
            return h.asType(t);
        }
    }
}
