package dev.timescope.agent.rewrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the instrumentations want done to one class: call-site rules and injections. Rules scoped to a method
 * are tried before the class-wide ones, so a family can give one call site a meaning of its own (an idle
 * worker's park) while the same call elsewhere gets the general rule.
 */
public final class RewritePlan {

    private final List<CallSiteRule> scoped = new ArrayList<>();
    private final List<CallSiteRule> general = new ArrayList<>();
    private final List<Injection> injections = new ArrayList<>();

    public RewritePlan add(CallSiteRule rule) {
        (rule.isScoped() ? scoped : general).add(rule);
        return this;
    }

    public RewritePlan addAll(List<CallSiteRule> rules) {
        for (CallSiteRule rule : rules) {
            add(rule);
        }
        return this;
    }

    public RewritePlan add(Injection injection) {
        injections.add(injection);
        return this;
    }

    public boolean isEmpty() {
        return scoped.isEmpty() && general.isEmpty() && injections.isEmpty();
    }

    /** Whether it injects code into methods, which no look at the constant pool can rule out. */
    public boolean hasInjections() {
        return !injections.isEmpty();
    }

    /**
     * Whether the plan only replaces calls, and everywhere in the class: no injection, no rule scoped to a method
     * or pushing {@code this}. Such a plan can be applied by editing the class file in place ({@link InPlaceRewriter}).
     */
    boolean onlyClassWideCalls() {
        if (!injections.isEmpty() || !scoped.isEmpty()) {
            return false;
        }
        for (CallSiteRule rule : general) {
            if (rule.appendThis) {
                return false;
            }
        }
        return true;
    }

    boolean hasCallSiteRules() {
        return !scoped.isEmpty() || !general.isEmpty();
    }

    /** Scoped rules first, then the general ones, each in the order they were added. */
    List<CallSiteRule> rules() {
        List<CallSiteRule> all = new ArrayList<>(scoped);
        all.addAll(general);
        return Collections.unmodifiableList(all);
    }

    List<Injection> injections() {
        return Collections.unmodifiableList(injections);
    }

    @Override
    public String toString() {
        return "RewritePlan" + rules() + injections;
    }
}
