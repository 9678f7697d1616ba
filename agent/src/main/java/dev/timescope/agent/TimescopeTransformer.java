package dev.timescope.agent;

import dev.timescope.agent.rewrite.ClassRewriter;
import dev.timescope.agent.rewrite.ThreadHierarchy;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
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
    private final Instrumentation inst;
    private final Module hooks;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Set<Module> reading = ConcurrentHashMap.newKeySet();

    TimescopeTransformer(ClassPolicy policy, boolean debug, Instrumentation inst, Module hooks) {
        this.policy = policy;
        this.debug = debug;
        this.inst = inst;
        this.hooks = hooks;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null) {
            return null;
        }
        try {
            // No switch on the enum: it would compile to a synthetic class first loaded in here.
            ClassPolicy.Action action = policy.classify(className);
            byte[] rewritten;
            if (action == ClassPolicy.Action.CALL_SITES) {
                rewritten = ClassRewriter.rewriteCallSites(classFile, ThreadHierarchy.of(loader));
            } else if (action == ClassPolicy.Action.THREAD_LIFECYCLE) {
                rewritten = ClassRewriter.injectThreadLifecycle(classFile);
            } else {
                return null;
            }
            if (rewritten != null) {
                ensureReadsHooks(module);
                if (debug) {
                    AgentLog.debug("rewrote " + className.replace('/', '.'));
                }
            }
            return rewritten;
        } catch (Throwable e) {
            if (failed.add(className)) {
                AgentLog.warn("could not rewrite " + className.replace('/', '.') + "; it keeps real time. Cause: " + e);
            }
            return null;
        }
    }

    /**
     * A class in a named module (an application on the module path) can call the hooks only if its module
     * reads theirs, the bootstrap loader's unnamed module. Unnamed modules read every module already.
     */
    private void ensureReadsHooks(Module module) {
        if (module != null && module.isNamed() && !module.canRead(hooks) && reading.add(module)) {
            inst.redefineModule(module, Set.of(hooks), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
