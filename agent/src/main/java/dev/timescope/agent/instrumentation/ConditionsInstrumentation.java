package dev.timescope.agent.instrumentation;

import dev.timescope.agent.rewrite.CallSiteRule;
import dev.timescope.agent.rewrite.CallSiteRule.Kind;
import dev.timescope.agent.rewrite.Hook;
import dev.timescope.agent.rewrite.Injection;
import dev.timescope.agent.rewrite.RewritePlan;
import dev.timescope.internal.hooks.ConditionHooks;
import java.util.List;

/**
 * Conditions of {@code java.util.concurrent} locks (contract, section 4): a failure that ends a member's
 * {@code await} comes out of it with the lock held again. The park inside only interrupts the wait; the hook before
 * each return of the await methods, and of the clean-up they run just before throwing {@code InterruptedException},
 * throws the failure (see {@code ConditionHooks}). In {@code awaitUninterruptibly}, which ignores interrupts, the
 * blocking call is rewritten so that the hooks know the wait's node, and end the wait as a signal would.
 */
public final class ConditionsInstrumentation extends Instrumentation {

    private static final String AQS = "java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject";
    private static final String AQLS = "java/util/concurrent/locks/AbstractQueuedLongSynchronizer$ConditionObject";
    private static final String NODE_SUFFIX = "$ConditionNode;)V";
    private static final List<String> AWAITS = List.of("await", "awaitNanos", "awaitUntil");
    private static final String UNINTERRUPTIBLY = "awaitUninterruptibly";
    private static final String BLOCKER = "Ljava/util/concurrent/ForkJoinPool$ManagedBlocker;";

    @Override
    public String name() {
        return "conditions";
    }

    @Override
    public List<String> jdkClasses() {
        return List.of(AQS, AQLS);
    }

    @Override
    public void plan(String className, boolean application, RewritePlan plan) {
        if (!className.equals(AQS) && !className.equals(AQLS)) {
            return;
        }
        String synchronizer = className.substring(0, className.indexOf('$'));
        for (String await : AWAITS) {
            plan.add(Injection.atExit(await, null, false, afterAwait()));
        }
        plan.add(Injection.atExit("unlinkCancelledWaiters", "(L" + synchronizer + NODE_SUFFIX, false, afterAwait()));
        // awaitUninterruptibly: no interrupt ends its wait; the hooks around its blocking call end it for a failure.
        plan.add(Injection.atExit(UNINTERRUPTIBLY, "()V", false, afterAwait()));
        plan.add(CallSiteRule.of(Kind.STATIC, "java/util/concurrent/ForkJoinPool", "managedBlock", "(" + BLOCKER + ")V",
                hook("ConditionHooks", "managedBlockUninterruptibly", "(" + BLOCKER + "Ljava/lang/Object;)V"))
                .inMethod(UNINTERRUPTIBLY, "()V").appendingThis());
        plan.add(CallSiteRule.of(Kind.VIRTUAL, synchronizer + "$ConditionNode", "block", "()Z",
                hook("ConditionHooks", "blockUninterruptibly", "(" + BLOCKER + "Ljava/lang/Object;)Z"))
                .inMethod(UNINTERRUPTIBLY, "()V").appendingThis());
    }

    @Override
    public String verify() {
        return ConditionHooks.verify();
    }

    private static Hook afterAwait() {
        return hook("ConditionHooks", "afterAwait", "(Ljava/lang/Object;)V");
    }
}
