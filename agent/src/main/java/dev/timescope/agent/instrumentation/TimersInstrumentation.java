package dev.timescope.agent.instrumentation;

import static dev.timescope.agent.rewrite.CallSiteRule.Kind.INSTANCE;
import static dev.timescope.agent.rewrite.CallSiteRule.Kind.VIRTUAL;
import static dev.timescope.agent.rewrite.CallSiteRule.Owner.ANY;
import static dev.timescope.agent.rewrite.CallSiteRule.Owner.CLASS_OR_SUBCLASS;

import dev.timescope.agent.rewrite.CallSiteRule;
import dev.timescope.agent.rewrite.Injection;
import dev.timescope.agent.rewrite.RewritePlan;
import dev.timescope.internal.hooks.TimerHooks;
import java.util.List;

/**
 * {@code java.util.Timer} (contract, section 1, "Timer"): a member's {@code schedule*} is a timer of its domain,
 * whoever created the Timer; the timer's thread borrows the domain while it runs the task; periodic tasks
 * tick in virtual time, and {@code TimerTask.scheduledExecutionTime()} answers in it.
 */
public final class TimersInstrumentation extends Instrumentation {

    private static final String H = "TimerHooks";
    private static final String TIMER = "java/util/Timer";
    private static final String TIMER_THREAD = "java/util/TimerThread";
    private static final String TIMER_TASK = "java/util/TimerTask";
    private static final String QUEUE = "java/util/TaskQueue";

    private static final CallSiteRule CLEAR = CallSiteRule.of(VIRTUAL, QUEUE, "clear", "()V",
            hook(H, "clear", "(Ljava/lang/Object;)V"));

    /** In application code: the virtual time of a task's latest run. */
    private static final CallSiteRule SCHEDULED_EXECUTION_TIME = CallSiteRule.of(VIRTUAL, CLASS_OR_SUBCLASS,
            TIMER_TASK, "scheduledExecutionTime", "()J", hook(H, "scheduledExecutionTime", "(L" + TIMER_TASK + ";)J"));

    @Override
    public String name() {
        return "timers";
    }

    @Override
    public List<String> jdkClasses() {
        return List.of(TIMER, TIMER_THREAD, TIMER_TASK);
    }

    @Override
    public boolean rewritesApplicationClasses() {
        return true;
    }


    @Override
    public void plan(String className, boolean application, RewritePlan plan) {
        if (application) {
            plan.add(SCHEDULED_EXECUTION_TIME);
            return;
        }
        switch (className) {
            case TIMER:
                plan.add(CallSiteRule.of(VIRTUAL, QUEUE, "add", "(L" + TIMER_TASK + ";)V",
                        hook(H, "add", "(Ljava/lang/Object;L" + TIMER_TASK + ";)V")).inMethod("sched", null));
                plan.add(CLEAR);
                break;
            case TIMER_THREAD:
                plan.add(CallSiteRule.of(INSTANCE, ANY, null, "wait", "()V", hook(H, "idleWait", "(Ljava/lang/Object;)V"))
                        .inMethod("mainLoop", null));
                plan.add(CallSiteRule.of(INSTANCE, ANY, null, "wait", "(J)V", hook(H, "idleWait", "(Ljava/lang/Object;J)V"))
                        .inMethod("mainLoop", null));
                plan.add(CallSiteRule.of(VIRTUAL, QUEUE, "rescheduleMin", "(J)V",
                        hook(H, "rescheduleMin", "(Ljava/lang/Object;J)V")).inMethod("mainLoop", null));
                plan.add(CallSiteRule.of(VIRTUAL, TIMER_TASK, "run", "()V", hook(H, "run", "(L" + TIMER_TASK + ";)V"))
                        .inMethod("mainLoop", null));
                plan.add(CLEAR);
                break;
            case TIMER_TASK:
                plan.add(Injection.atExit("cancel", "()Z", true, hook(H, "cancelled", "(ZL" + TIMER_TASK + ";)V")));
                break;
            default:
                break;
        }
    }

    @Override
    public String verify() {
        return TimerHooks.verify();
    }
}
