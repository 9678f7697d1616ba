package dev.timescope.agent.instrumentation;

import dev.timescope.agent.rewrite.Hook;
import dev.timescope.agent.rewrite.Injection;
import dev.timescope.agent.rewrite.RewritePlan;
import java.util.List;

/**
 * Conditions of {@code java.util.concurrent} locks (contract, section 4): a failure that ends a member's
 * {@code await} comes out of it with the lock held again. The park inside only interrupts the wait (or, for
 * {@code awaitUninterruptibly}, moves its node to the lock's queue, noted as the node blocks); the hook before each
 * return of the await methods, and of the clean-up they run just before throwing {@code InterruptedException},
 * throws the failure (see {@code ConditionHooks}).
 */
public final class ConditionsInstrumentation extends Instrumentation {

    private static final String AQS = "java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject";
    private static final String AQLS = "java/util/concurrent/locks/AbstractQueuedLongSynchronizer$ConditionObject";
    private static final String NODE_SUFFIX = "$ConditionNode;)V";
    private static final String AQS_NODE = "java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionNode";
    private static final String AQLS_NODE = "java/util/concurrent/locks/AbstractQueuedLongSynchronizer$ConditionNode";
    private static final List<String> AWAITS = List.of("await", "awaitNanos", "awaitUntil");

    @Override
    public String name() {
        return "conditions";
    }

    @Override
    public List<String> jdkClasses() {
        return List.of(AQS, AQLS, AQS_NODE, AQLS_NODE);
    }

    @Override
    public void plan(String className, boolean application, RewritePlan plan) {
        if (className.equals(AQS_NODE) || className.equals(AQLS_NODE)) {
            plan.add(Injection.atEntry("block", "()Z", hook("ConditionHooks", "blocking", "(Ljava/lang/Object;)V")));
            return;
        }
        if (!className.equals(AQS) && !className.equals(AQLS)) {
            return;
        }
        String synchronizer = className.substring(0, className.indexOf('$'));
        for (String await : AWAITS) {
            plan.add(Injection.atExit(await, null, false, afterAwait()));
        }
        plan.add(Injection.atExit("awaitUninterruptibly", "()V", false,
                hook("ConditionHooks", "afterUninterruptibleAwait", "(Ljava/lang/Object;)V")));
        plan.add(Injection.atExit("unlinkCancelledWaiters", "(L" + synchronizer + NODE_SUFFIX, false, afterAwait()));
    }

    private static Hook afterAwait() {
        return hook("ConditionHooks", "afterAwait", "(Ljava/lang/Object;)V");
    }
}
