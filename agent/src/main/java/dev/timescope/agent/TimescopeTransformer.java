package dev.timescope.agent;

import dev.timescope.agent.instrumentation.Instrumentations;
import dev.timescope.agent.rewrite.ClassHierarchy;
import dev.timescope.agent.rewrite.ClassRewriter;
import dev.timescope.agent.rewrite.RewritePlan;
import dev.timescope.internal.clock.GlobalClock;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one transformer: classifies each class by {@link ClassPolicy}, asks the instrumentation families
 * what to do to it, and rewrites it. A failure leaves that class as it was and is reported once with the class
 * name; it never reaches the application (contract, section 4).
 */
final class TimescopeTransformer implements ClassFileTransformer {

    /** Narrowed once, if a family fails its check against the running JDK ({@link Installer}). */
    private volatile ClassPolicy policy;
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
        GlobalClock.classLoading(loader);
        try {
            // No switch on the enum: it would compile to a synthetic class first loaded in here.
            ClassPolicy policy = this.policy;
            ClassPolicy.Kind kind = policy.classify(className);
            if (kind == ClassPolicy.Kind.SKIP) {
                return null;
            }
            Instrumentations instrumentations = policy.instrumentations();
            boolean application = kind == ClassPolicy.Kind.APPLICATION;
            if (application && !instrumentations.mayRewriteApplicationClass(classFile)) {
                return null;
            }
            RewritePlan plan = instrumentations.planFor(className, application);
            if (!application && !Instrumentations.mayRewriteJdkClass(plan, classFile)) {
                return null;
            }
            byte[] rewritten = ClassRewriter.rewrite(classFile, plan, ClassHierarchy.of(loader));
            if (rewritten != null) {
                ensureReadsHooks(module);
                if (debug && module != null) { // the JVM always names the module; the installer's dry runs do not
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

    ClassPolicy policy() {
        return policy;
    }

    /** From now on, classes are rewritten by this policy's families only. */
    void narrow(ClassPolicy narrower) {
        policy = narrower;
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
