package dev.timescope.agent;

import dev.timescope.agent.rewrite.ClassRewriter;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one transformer: classifies each class by {@link ClassPolicy} and rewrites it. A failure
 * leaves that class as it was and is reported once with the class name; it never reaches the
 * application (contract, section 4).
 */
final class TimescopeTransformer implements ClassFileTransformer {

    private final ClassPolicy policy;
    private final boolean debug;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    TimescopeTransformer(ClassPolicy policy, boolean debug) {
        this.policy = policy;
        this.debug = debug;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) {
        if (className == null) {
            return null;
        }
        try {
            // No switch on the enum: it would compile to a synthetic class first loaded in here.
            ClassPolicy.Action action = policy.classify(className);
            byte[] rewritten;
            if (action == ClassPolicy.Action.CALL_SITES) {
                rewritten = ClassRewriter.rewriteCallSites(classFile);
            } else if (action == ClassPolicy.Action.THREAD_LIFECYCLE) {
                rewritten = ClassRewriter.injectThreadLifecycle(classFile);
            } else {
                return null;
            }
            if (rewritten != null && debug) {
                AgentLog.debug("rewrote " + className.replace('/', '.'));
            }
            return rewritten;
        } catch (Throwable e) {
            if (failed.add(className)) {
                AgentLog.warn("could not rewrite " + className.replace('/', '.') + "; it keeps real time. Cause: " + e);
            }
            return null;
        }
    }
}
