package dev.timescope.agent.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which of a plan's {@link CallSiteRule}s, if any, replaces a call instruction or a method handle constant of one
 * class. Both rewriters ask it ({@link CallSiteRewriter}, {@link InPlaceRewriter}), so a call means the same
 * whichever of them rewrites the class.
 *
 * <p>{@code Thread}'s static and final methods are also reached through subclasses ({@code worker.join()}, an
 * unqualified {@code sleep(100)} inside one): javac then names the subclass as the owner, and
 * {@link ClassHierarchy} decides whether the call still means Thread's method.
 */
final class CallSiteMatcher {

    private final Map<String, List<CallSiteRule>> byName = new HashMap<>();
    private final ClassHierarchy hierarchy;
    private final String className;
    private final String superName;
    private final Supplier<Set<String>> declaredMethods;

    /**
     * @param className       the internal name of the class whose call sites are matched
     * @param superName       its superclass
     * @param declaredMethods the inherited-named methods the class itself declares, computed only if a call
     *                        site names a subclass
     */
    CallSiteMatcher(List<CallSiteRule> rules, ClassHierarchy hierarchy, String className, String superName,
                    Supplier<Set<String>> declaredMethods) {
        for (CallSiteRule rule : rules) {
            List<CallSiteRule> same = byName.get(rule.name); // no lambda: it would cost a generated class at start-up
            if (same == null) {
                same = new ArrayList<>(2);
                byName.put(rule.name, same);
            }
            same.add(rule);
        }
        this.hierarchy = hierarchy;
        this.className = className;
        this.superName = superName;
        this.declaredMethods = declaredMethods;
    }

    /** The method names some rule replaces. */
    Set<String> names() {
        return byName.keySet();
    }

    /** The rule for a call instruction inside method {@code inMethod}, or null if none applies. */
    CallSiteRule forCall(int opcode, String owner, String name, String descriptor, boolean isInterface,
                         String inMethod, String inDescriptor, boolean inStatic) {
        List<CallSiteRule> candidates = byName.get(name);
        if (candidates == null) {
            return null;
        }
        for (CallSiteRule rule : candidates) {
            if (rule.descriptor.equals(descriptor) && rule.appliesIn(inMethod, inDescriptor)
                    && !(rule.appendThis && inStatic)
                    && rule.kindMatchesCall(opcode, isInterface) && ownerMatches(rule, owner, name, descriptor)) {
                return rule;
            }
        }
        return null;
    }

    /** The rule for a method handle constant of kind {@code tag}, or null if none applies. */
    CallSiteRule forHandle(int tag, String owner, String name, String descriptor) {
        List<CallSiteRule> candidates = byName.get(name);
        if (candidates == null) {
            return null;
        }
        for (CallSiteRule rule : candidates) {
            if (rule.handles && rule.descriptor.equals(descriptor) && rule.kindMatchesHandle(tag)
                    && ownerMatches(rule, owner, name, descriptor)) {
                return rule;
            }
        }
        return null;
    }

    private boolean ownerMatches(CallSiteRule rule, String owner, String name, String descriptor) {
        switch (rule.ownerMatch) {
            case ANY:
                return true;
            case EXACT:
                return rule.owner.equals(owner);
            default:
                return rule.owner.equals(owner)
                        || hierarchy.resolvesTo(rule.owner, owner, name, descriptor, className, superName, declaredMethods);
        }
    }
}
