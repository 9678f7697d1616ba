package dev.timescope.agent;

import dev.timescope.agent.index.ClassIndex;
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
 *
 * <p>It starts cold ({@link #coldUntil}): before the first domain opens, it rewrites application classes (with
 * what they need of the rewriter, loaded as it is first used) but no JDK class. A JDK class that may need rewriting
 * is loaded as it is and its name kept ({@link #deferred}), because rewriting one before the warm-up could need
 * the very class being loaded (a class needed while it is being loaded cannot load). The first domain's opening
 * runs the warm-up (which opens {@code java.base} to the hooks and loads everything rewriting needs) and rewrites
 * those classes, before any hook acts (see {@link Installer}); from then on JDK classes are rewritten as they load.
 * A JVM that opens no domain and loads no class that calls the clock pays for a constant-pool check per class and
 * nothing more.
 *
 * <p>Locking: {@code warmLock} guards the one run of the warm-up; {@code warmUp} is written under it and read
 * without it.
 */
final class TimescopeTransformer implements ClassFileTransformer {

    /** Narrowed once, if a family fails its check against the running JDK ({@link Installer}). */
    private volatile ClassPolicy policy;
    private final boolean debug;
    /** Which application classes of indexed jars can be left as they are unchecked; null without an index. */
    private final ClassIndex index;
    private final Instrumentation inst;
    private final Module hooks;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Set<Module> reading = ConcurrentHashMap.newKeySet();

    private final Object warmLock = new Object();
    /** What runs before the first JDK class is rewritten; null once it has run (or if there is none). */
    private volatile Runnable warmUp; // guarded by warmLock (writes)
    /** Set if the warm-up failed: then nothing is rewritten, and all keeps real time. */
    private volatile boolean disabled;
    /** JDK classes (internal names) that loaded while cold and may need rewriting. */
    private final Set<String> deferred = ConcurrentHashMap.newKeySet();

    TimescopeTransformer(ClassPolicy policy, boolean debug, ClassIndex index, Instrumentation inst, Module hooks) {
        this.policy = policy;
        this.debug = debug;
        this.index = index;
        this.inst = inst;
        this.hooks = hooks;
    }

    /** Makes this transformer cold: {@code warmUp} runs once, from {@link #warm}, before it rewrites a JDK class. */
    void coldUntil(Runnable warmUp) {
        synchronized (warmLock) {
            this.warmUp = warmUp;
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null) {
            return null;
        }
        GlobalClock.classLoading(loader);
        try {
            if (index != null && !index.mayRewrite(domain, className, classFile)) {
                return null; // first: most classes of a large class path end here, unclassified
            }
            // No switch on the enum: it would compile to a synthetic class first loaded in here.
            ClassPolicy policy = this.policy;
            ClassPolicy.Kind kind = policy.classify(className);
            if (kind == ClassPolicy.Kind.SKIP) {
                return null;
            }
            Instrumentations instrumentations = policy.instrumentations();
            boolean application = kind == ClassPolicy.Kind.APPLICATION;
            if (!application && warmUp != null) {
                // Named first, checked again after: a warm-up that finishes in between finds the name (Installer).
                deferred.add(className);
                if (warmUp != null) {
                    return null;
                }
            }
            if (application && !instrumentations.mayRewriteApplicationClass(classFile)) {
                return null;
            }
            if (disabled) {
                return null;
            }
            RewritePlan plan = instrumentations.planFor(className, application);
            if (!application && !Instrumentations.mayRewriteJdkClass(plan, classFile)) {
                return null;
            }
            byte[] rewritten = ClassRewriter.rewrite(classFile, plan, ClassHierarchy.of(loader, domain));
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

    /**
     * Runs the warm-up if it has not run; called as the first domain opens, outside any class's loading. A warm-up
     * that fails is reported once, and from then on nothing is rewritten.
     */
    void warm() {
        if (warmUp == null) {
            return;
        }
        synchronized (warmLock) {
            Runnable w = warmUp;
            if (w == null) {
                return;
            }
            try {
                w.run(); // the JDK classes it loads are deferred: warmUp is still set
            } catch (RuntimeException | LinkageError e) {
                disabled = true;
                AgentLog.warn("could not prepare the rewriter; no class is rewritten and all keeps real time. Cause: "
                        + e);
            } finally {
                warmUp = null;
            }
        }
    }

    /** The JDK classes that loaded before the warm-up and may need rewriting; read once it has run. */
    Set<String> deferred() {
        return deferred;
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
