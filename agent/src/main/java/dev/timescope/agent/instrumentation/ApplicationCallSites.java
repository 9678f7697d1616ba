package dev.timescope.agent.instrumentation;

import dev.timescope.agent.rewrite.CallSiteRule;
import dev.timescope.agent.rewrite.RewritePlan;
import java.util.List;

/** A family that rewrites call sites in application classes only, never in the JDK. */
abstract class ApplicationCallSites extends Instrumentation {

    private final List<CallSiteRule> rules;

    ApplicationCallSites(List<CallSiteRule> rules) {
        this.rules = rules;
    }

    @Override
    public final boolean rewritesApplicationClasses() {
        return true;
    }

    @Override
    public final void plan(String className, boolean application, RewritePlan plan) {
        if (application) {
            plan.addAll(rules);
        }
    }
}
