package dev.timescope.agent.instrumentation;

import static dev.timescope.agent.rewrite.CallSiteRule.Kind.INTERFACE;
import static dev.timescope.agent.rewrite.CallSiteRule.Kind.VIRTUAL;
import static dev.timescope.agent.rewrite.CallSiteRule.Owner.CLASS_OR_SUBCLASS;

import dev.timescope.agent.rewrite.CallSiteRule;
import dev.timescope.agent.rewrite.Injection;
import dev.timescope.agent.rewrite.RewritePlan;
import dev.timescope.internal.hooks.ExecutorHooks;
import java.util.List;

/**
 * Work handed to pools (contract, section 1): {@code ThreadPoolExecutor} (so also
 * {@code ScheduledThreadPoolExecutor}, every {@code Executors} pool, and the many library pools built on them)
 * and {@code ForkJoinPool} (the common pool, {@code ForkJoinTask.fork}, {@code CompletableFuture}'s async
 * stages). A member's submission carries its domain into the task; the pool's thread borrows the domain
 * while it runs the task; a task that leaves the queue without running stops counting; the threads a pool
 * creates are never members, whoever's submission made it create them.
 */
public final class ExecutorsInstrumentation extends Instrumentation {

    private static final String H = "ExecutorHooks";
    private static final String TPE = "java/util/concurrent/ThreadPoolExecutor";
    private static final String WORKER = TPE + "$Worker";
    private static final String FUTURE_TASK = "java/util/concurrent/FutureTask";
    private static final String FJP = "java/util/concurrent/ForkJoinPool";
    private static final String WORK_QUEUE = FJP + "$WorkQueue";
    private static final String FJ_TASK = "java/util/concurrent/ForkJoinTask";
    private static final String DELAY_SCHEDULER = "java/util/concurrent/DelayScheduler";
    private static final String TASK = "Ljava/util/concurrent/ForkJoinTask;";
    private static final String POOL = "Ljava/util/concurrent/ForkJoinPool;";

    /** The pool's interrupts of its idle threads (a shutdown's): a member's wake-up is the domain's. */
    private static final CallSiteRule INTERRUPT = CallSiteRule.of(VIRTUAL, "java/lang/Thread", "interrupt", "()V",
            hook(H, "interruptWorker", "(Ljava/lang/Thread;)V"));

    /**
     * Wherever a thread runs a fork/join task: JDK 17's {@code doExec} returns its status, JDK 21+'s nothing. The
     * receiver may be typed as a subclass (the delay scheduler runs {@code ScheduledForkJoinTask.doExec()}).
     */
    private static final List<CallSiteRule> DO_EXEC = List.of(
            CallSiteRule.of(VIRTUAL, CLASS_OR_SUBCLASS, FJ_TASK, "doExec", "()I", hook(H, "doExec", "(" + TASK + ")I")),
            CallSiteRule.of(VIRTUAL, CLASS_OR_SUBCLASS, FJ_TASK, "doExec", "()V",
                    hook(H, "doExecVoid", "(" + TASK + ")V")));

    @Override
    public String name() {
        return "executors";
    }

    @Override
    public List<String> jdkClasses() {
        return List.of(TPE, WORKER, FUTURE_TASK, FJP, WORK_QUEUE, FJ_TASK, DELAY_SCHEDULER);
    }

    @Override
    public void plan(String className, boolean application, RewritePlan plan) {
        switch (className) {
            case TPE:
                plan.add(Injection.atEntry("execute", "(Ljava/lang/Runnable;)V",
                        hook(H, "execute", "(L" + TPE + ";Ljava/lang/Runnable;)V"), 0));
                plan.add(CallSiteRule.of(INTERFACE, "java/lang/Runnable", "run", "()V",
                        hook(H, "runTask", "(Ljava/lang/Runnable;)V")).inMethod("runWorker", null));
                plan.add(CallSiteRule.of(INTERFACE, "java/util/concurrent/BlockingQueue", "take", "()Ljava/lang/Object;",
                        hook(H, "idleTake", "(Ljava/util/concurrent/BlockingQueue;)Ljava/lang/Object;"))
                        .inMethod("getTask", null));
                plan.add(CallSiteRule.of(INTERFACE, "java/util/concurrent/BlockingQueue", "poll",
                        "(JLjava/util/concurrent/TimeUnit;)Ljava/lang/Object;",
                        hook(H, "idlePoll",
                                "(Ljava/util/concurrent/BlockingQueue;JLjava/util/concurrent/TimeUnit;)Ljava/lang/Object;"))
                        .inMethod("getTask", null));
                // A worker loop that began before this rewrite calls these anew (EarlyPoolWorkers).
                plan.add(Injection.atEntry("beforeExecute", "(Ljava/lang/Thread;Ljava/lang/Runnable;)V",
                        hook(H, "beforeExecute", "(L" + TPE + ";Ljava/lang/Runnable;)V"), 1));
                plan.add(Injection.atEntry("afterExecute", "(Ljava/lang/Runnable;Ljava/lang/Throwable;)V",
                        hook(H, "afterExecute", "(L" + TPE + ";)V")));
                plan.add(Injection.atEntry("processWorkerExit", "(L" + WORKER + ";Z)V",
                        hook(H, "workerExiting", "(L" + TPE + ";)V")));
                plan.add(Injection.atEntry("shutdown", "()V", hook(H, "shuttingDown", "(L" + TPE + ";)V")));
                plan.add(Injection.atEntry("shutdownNow", "()Ljava/util/List;", hook(H, "shuttingDown", "(L" + TPE + ";)V")));
                plan.add(INTERRUPT);
                plan.add(Injection.atEntry("reject", "(Ljava/lang/Runnable;)V",
                        hook(H, "rejected", "(L" + TPE + ";Ljava/lang/Runnable;)V"), 0));
                plan.add(Injection.atExit("remove", "(Ljava/lang/Runnable;)Z", true,
                        hook(H, "removed", "(ZL" + TPE + ";Ljava/lang/Runnable;)V"), 0));
                plan.add(Injection.atExit("drainQueue", "()Ljava/util/List;", true,
                        hook(H, "drained", "(Ljava/util/List;L" + TPE + ";)V")));
                break;
            case WORKER:
                plan.add(CallSiteRule.of(INTERFACE, "java/util/concurrent/ThreadFactory", "newThread",
                        "(Ljava/lang/Runnable;)Ljava/lang/Thread;",
                        hook(H, "newWorkerThread", "(Ljava/util/concurrent/ThreadFactory;Ljava/lang/Runnable;)Ljava/lang/Thread;"))
                        .inMethod("<init>", null));
                plan.add(INTERRUPT);
                break;
            case FUTURE_TASK:
                plan.add(Injection.atEntry("finishCompletion", "()V", hook(H, "futureDone", "(Ljava/lang/Object;)V")));
                break;
            case WORK_QUEUE:
                plan.add(Injection.atEntry("push", "(" + TASK + POOL + ")V",
                        hook(H, "pushing", "(Ljava/lang/Object;" + TASK + POOL + ")V"), 0, 1)); // JDK 17
                plan.add(Injection.atEntry("push", "(" + TASK + POOL + "Z)V",
                        hook(H, "pushing", "(Ljava/lang/Object;" + TASK + POOL + "Z)V"), 0, 1, 2)); // JDK 21+
                plan.addAll(DO_EXEC);
                break;
            case FJP:
                plan.add(Injection.atEntry("externalPush", "(" + TASK + ")V", hook(H, "pushing", "(" + POOL + TASK + ")V"), 0));
                plan.add(Injection.atEntry("awaitWork", null, hook(H, "poolIdle", "(" + POOL + ")V")));
                plan.add(CallSiteRule.of(INTERFACE, FJP + "$ForkJoinWorkerThreadFactory", "newThread",
                        "(" + POOL + ")Ljava/util/concurrent/ForkJoinWorkerThread;",
                        hook(H, "newForkJoinWorker", "(L" + FJP + "$ForkJoinWorkerThreadFactory;" + POOL
                                + ")Ljava/util/concurrent/ForkJoinWorkerThread;")).inMethod("createWorker", null));
                plan.addAll(DO_EXEC);
                break;
            case FJ_TASK:
            case DELAY_SCHEDULER:
                plan.addAll(DO_EXEC);
                break;
            default:
                break;
        }
    }

    @Override
    public String verify() {
        return ExecutorHooks.verify();
    }
}
