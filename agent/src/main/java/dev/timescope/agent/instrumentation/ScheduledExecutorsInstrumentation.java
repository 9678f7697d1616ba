package dev.timescope.agent.instrumentation;

import static dev.timescope.agent.rewrite.CallSiteRule.Kind.STATIC;
import static dev.timescope.agent.rewrite.CallSiteRule.Kind.VIRTUAL;

import dev.timescope.agent.rewrite.CallSiteRule;
import dev.timescope.agent.rewrite.Injection;
import dev.timescope.agent.rewrite.RewritePlan;
import dev.timescope.internal.hooks.ScheduledExecutorHooks;
import java.util.List;

/**
 * Scheduled work as timers of the domain (contract, section 1, "Timer"), wherever the scheduler was created:
 * every {@code schedule*} of a {@code ScheduledThreadPoolExecutor} (with {@code getDelay}, {@code cancel} and
 * the shutdown policies intact), and the delays of {@code CompletableFuture} ({@code orTimeout},
 * {@code completeOnTimeout}, {@code delayedExecutor}): on JDK 17 a scheduled executor, on JDK 21+ the delay
 * scheduler of {@code ForkJoinPool}, which also serves {@code ForkJoinPool.schedule*}.
 */
public final class ScheduledExecutorsInstrumentation extends Instrumentation {

    private static final String H = "ScheduledExecutorHooks";
    private static final String STPE = "java/util/concurrent/ScheduledThreadPoolExecutor";
    private static final String STPE_TASK = STPE + "$ScheduledFutureTask";
    private static final String FJP = "java/util/concurrent/ForkJoinPool";
    private static final String SCHEDULER = "java/util/concurrent/DelayScheduler";
    private static final String FJ_TASK = SCHEDULER + "$ScheduledForkJoinTask";
    private static final String RSF = "Ljava/util/concurrent/RunnableScheduledFuture;";

    /** JDK 21+: the callers of {@code ForkJoinPool.scheduleDelayedTask}. */
    private static final CallSiteRule SCHEDULE_DELAYED = CallSiteRule.of(VIRTUAL, FJP, "scheduleDelayedTask",
            "(L" + FJ_TASK + ";)L" + FJ_TASK + ";",
            hook(H, "scheduleDelayedTask",
                    "(Ljava/util/concurrent/ForkJoinPool;Ljava/util/concurrent/ForkJoinTask;)Ljava/util/concurrent/ScheduledFuture;"));

    @Override
    public String name() {
        return "scheduled executors";
    }

    @Override
    public List<String> jdkClasses() {
        return List.of(STPE, STPE_TASK, FJP, FJ_TASK, "java/util/concurrent/CompletableFuture",
                "java/util/concurrent/CompletableFuture$DelayedExecutor");
    }

    @Override
    public void plan(String className, boolean application, RewritePlan plan) {
        switch (className) {
            case STPE:
                plan.add(Injection.atEntry("delayedExecute", "(" + RSF + ")V",
                        hook(H, "delayedExecute", "(L" + STPE + ";" + RSF + ")V"), 0));
                plan.add(Injection.atEntry("reExecutePeriodic", "(" + RSF + ")V",
                        hook(H, "reExecutePeriodic", "(L" + STPE + ";" + RSF + ")V"), 0));
                break;
            case STPE_TASK:
                plan.add(CallSiteRule.of(STATIC, "java/lang/System", "nanoTime", "()J",
                        hook(H, "delayBase", "(Ljava/lang/Object;)J")).inMethod("getDelay", null).appendingThis());
                break;
            case FJ_TASK:
                plan.add(CallSiteRule.of(VIRTUAL, SCHEDULER, "pend", "(L" + FJ_TASK + ";)V",
                        hook(H, "repend", "(Ljava/lang/Object;Ljava/util/concurrent/ForkJoinTask;)V"))
                        .inMethod("postExec", null));
                plan.add(CallSiteRule.of(STATIC, SCHEDULER, "now", "()J", hook(H, "delayNow", "(Ljava/lang/Object;)J"))
                        .inMethod("getDelay", null).appendingThis());
                plan.add(Injection.atExit("cancel", "(Z)Z", true, hook(H, "cancelled", "(ZLjava/lang/Object;)V")));
                plan.add(SCHEDULE_DELAYED);
                break;
            case FJP:
            case "java/util/concurrent/CompletableFuture":
            case "java/util/concurrent/CompletableFuture$DelayedExecutor":
                plan.add(SCHEDULE_DELAYED);
                break;
            default:
                break;
        }
    }

    @Override
    public String verify() {
        return ScheduledExecutorHooks.verify();
    }
}
