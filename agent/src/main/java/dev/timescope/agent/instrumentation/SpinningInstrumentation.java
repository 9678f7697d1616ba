package dev.timescope.agent.instrumentation;

import static dev.timescope.agent.rewrite.CallSiteRule.Kind.STATIC;
import static dev.timescope.agent.rewrite.CallSiteRule.Owner.CLASS_OR_SUBCLASS;

import dev.timescope.agent.rewrite.CallSiteRule;
import java.util.List;

/**
 * Spinning (contract, section 3.4): {@code Thread.onSpinWait()} and {@code Thread.yield()} in application code.
 * A member that spins while nothing else holds the clock lets it move, so that a loop that waits for the clock
 * to pass a deadline ends. The JDK's own spins (lock hand-offs inside {@code java.util.concurrent}) are not
 * waits for time and are left alone.
 */
public final class SpinningInstrumentation extends ApplicationCallSites {

    private static final List<CallSiteRule> RULES = List.of(
            CallSiteRule.of(STATIC, CLASS_OR_SUBCLASS, "java/lang/Thread", "onSpinWait", "()V",
                    hook("SpinHooks", "onSpinWait", "()V")),
            CallSiteRule.of(STATIC, CLASS_OR_SUBCLASS, "java/lang/Thread", "yield", "()V",
                    hook("SpinHooks", "yield", "()V")));

    public SpinningInstrumentation() {
        super(RULES);
    }

    @Override
    public String name() {
        return "spinning";
    }
}
