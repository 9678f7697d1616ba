package dev.timescope.agent;

import dev.timescope.agent.index.ClassIndex;
import dev.timescope.agent.instrumentation.Instrumentations;
import dev.timescope.agent.rewrite.ClassHierarchy;
import dev.timescope.agent.rewrite.ClassRewriter;
import dev.timescope.agent.rewrite.Hook;
import dev.timescope.agent.rewrite.Injection;
import dev.timescope.agent.rewrite.RewritePlan;
import dev.timescope.internal.AgentStatus;
import dev.timescope.internal.clock.GlobalClock;
import dev.timescope.internal.hooks.EarlyPoolWorkers;
import dev.timescope.internal.hooks.ParkHooks;
import dev.timescope.internal.hooks.ThreadHooks;
import dev.timescope.internal.hooks.TimeHooks;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the hooks in place, in an order that leaves no window: register the transformer, cold (it rewrites
 * application classes as they load, and no JDK class); when the first domain opens, before any hook acts, open
 * {@code java.base} to the hooks, load everything rewriting needs (the warm-up), and rewrite the JDK classes
 * loaded so far whose rewrite would change them. Classes loaded from then on are rewritten as they load.
 *
 * <p>It does as little as it can before the application's {@code main}: the premain parses the options and
 * registers the transformer, nothing more. Until a domain is open no hook acts, so the JDK's rewrite is needed only
 * from then on, and a JVM that never opens one never pays for it. A loaded class is retransformed only if its
 * rewrite could change it, and the check that each family finds what its hooks reach inside the JDK (which loads
 * those JDK classes and {@code java.lang.invoke}) waits for the first domain too. A family that fails it is
 * reported then, once, and its classes are rewritten back, so that what it covers keeps real time, as if the agent
 * had left it out from the start.
 *
 * <p>Loaded from the bootstrap class path (see {@link TimescopeAgent}).
 */
public final class Installer {

    private Installer() {
    }

    /**
     * Called by {@link TimescopeAgent}; {@code atStartup} is false for a self-attach. The options are parsed first:
     * a bad one is reported before the agent does or prints anything else. With {@code mode=global}, the global
     * clock opens last, once every hook is in place (contract, section 6).
     */
    public static void install(String args, Instrumentation inst, boolean atStartup) {
        AgentOptions options = AgentOptions.parse(args);
        if (options.global != null && !atStartup) {
            throw new AgentOptionException("option mode=global works only from the JVM's start: pass it with"
                    + " -javaagent:timescope-agent.jar=mode=global,... on the command line; an agent attached to a"
                    + " running JVM cannot take its threads back to the start of time");
        }
        if (AgentStatus.isInstalled()) {
            AgentLog.warn("the agent is already installed (" + AgentStatus.installedBy() + "); ignoring the second one");
            return;
        }
        ClassPolicy policy = new ClassPolicy(Instrumentations.all(), options.include, options.exclude);
        ClassIndex index = options.index == null ? null : readIndex(options.index, policy.instrumentations());
        TimescopeTransformer transformer = new TimescopeTransformer(policy, options.debug, index, inst,
                TimeHooks.class.getModule());
        transformer.coldUntil(new WarmUp(inst, transformer));
        Class<?>[] loadedBefore = inst.getAllLoadedClasses();
        inst.addTransformer(transformer, true);
        AgentStatus.installed(atStartup ? "-javaagent" : "self-attach",
                new FirstDomain(inst, transformer, loadedBefore));
        if (options.global != null) {
            GlobalClock.open(options.global); // on the thread that runs premain: the application's main thread
        }
    }

    /**
     * The class index named by {@code index=<file>}, or null. The index only spares work, so a file that is missing,
     * unreadable, cut short, or made for another version of the agent's check is reported in one warning, and every
     * class is then checked as it loads.
     */
    private static ClassIndex readIndex(String file, Instrumentations families) {
        File path = new File(file);
        String problem;
        if (!path.isFile()) {
            problem = "option index=" + file + " names no file (" + path.getAbsolutePath() + "); make one with java -jar"
                    + " timescope-agent.jar index " + file + " <jars or class path>";
        } else {
            try {
                ClassIndex index = ClassIndex.read(path, families.applicationCheckFingerprint());
                problem = index.ignoredBecause();
                if (problem == null) {
                    return index;
                }
            } catch (IOException | IllegalArgumentException e) {
                problem = "option index=" + file + ": " + e.getMessage();
            } catch (RuntimeException e) { // a damage the reader did not foresee: still only work not spared
                problem = "option index=" + file + " could not be read (" + e + ")";
            }
        }
        AgentLog.warn(problem + "; without it the agent checks every class as it loads, which only takes longer.");
        return null;
    }

    /**
     * The transformer's warm-up, run once as the first domain opens, before it rewrites a JDK class: {@code java.base}
     * opened to the hooks, the hooks initialized, and the rewriter run once on a sample, so that rewriting a JDK class
     * never has to load a class first (which could be the very class being loaded).
     */
    private static final class WarmUp implements Runnable {
        private final Instrumentation inst;
        private final TimescopeTransformer transformer;

        WarmUp(Instrumentation inst, TimescopeTransformer transformer) {
            this.inst = inst;
            this.transformer = transformer;
        }

        @Override
        public void run() {
            openJavaBase(inst);
            prewarm(transformer);
        }
    }

    /**
     * What waits for the first domain's opening (a class, not a lambda: no class is generated in premain): the
     * warm-up, the check of the families ({@link #verifyFamilies}), then the rewrite of the JDK classes loaded
     * before the warm-up whose rewrite may change ({@code Thread}, {@code TimeUnit}...). JDK classes loaded after it
     * are rewritten as they load.
     */
    private static final class FirstDomain implements Runnable {
        private final Instrumentation inst;
        private final TimescopeTransformer transformer;
        private final Class<?>[] loadedBefore;

        FirstDomain(Instrumentation inst, TimescopeTransformer transformer, Class<?>[] loadedBefore) {
            this.inst = inst;
            this.transformer = transformer;
            this.loadedBefore = loadedBefore;
        }

        @Override
        public void run() {
            transformer.warm();
            try {
                verifyFamilies(inst, transformer);
            } catch (RuntimeException | LinkageError e) {
                AgentLog.warn("could not check the instrumentation families against this JDK (" + Runtime.version()
                        + "); they stay on. Cause: " + e);
            }
            try {
                List<Class<?>> targets = candidates(inst, transformer.policy(), null, loadedBeforeWarmUp());
                retransform(inst, targets);
                for (Class<?> c : targets) {
                    if (c.getName().equals(POOL)) { // threads already in its loop keep the code from before
                        findEarlyPoolWorkers();
                        break;
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                AgentLog.warn("could not rewrite the JDK classes loaded before the agent; what they cover keeps real"
                        + " time. Cause: " + e);
            }
        }

        /**
         * The classes loaded before the agent, and those the transformer left for later while it was cold. One of
         * the latter may still be on its way (its transformer call is over, its definition not yet): it is waited
         * for, briefly; a class whose definition failed is given up after that.
         */
        private Class<?>[] loadedBeforeWarmUp() {
            Set<String> missing = new HashSet<>(transformer.deferred());
            List<Class<?>> classes = new ArrayList<>(Arrays.asList(loadedBefore));
            for (Class<?> c : loadedBefore) {
                missing.remove(c.getName().replace('.', '/'));
            }
            for (int attempt = 0; !missing.isEmpty() && attempt < MISSING_ATTEMPTS; attempt++) {
                if (attempt > 0) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                for (Class<?> c : inst.getAllLoadedClasses()) {
                    if (c.getClassLoader() == null && missing.remove(c.getName().replace('.', '/'))) {
                        classes.add(c);
                    }
                }
            }
            return classes.toArray(new Class<?>[0]);
        }
    }

    private static void findEarlyPoolWorkers() {
        try {
            EarlyPoolWorkers.found(threadsRunning(POOL, "runWorker"));
        } catch (RuntimeException | LinkageError e) {
            AgentLog.warn("could not list the pool threads that were waiting for tasks before the agent rewrote the"
                    + " JDK; a task a domain hands one of them holds the clock. Cause: " + e);
        }
    }

    /**
     * The platform threads inside {@code className.method} now: after a rewrite, those that entered it before keep
     * its old code. (A virtual thread's stack is not walked: one that runs a pool's loop begun before is missed.)
     */
    private static List<Thread> threadsRunning(String className, String method) {
        List<Thread> found = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : e.getValue()) {
                if (frame.getMethodName().equals(method) && frame.getClassName().equals(className)) {
                    found.add(e.getKey());
                    break;
                }
            }
        }
        return found;
    }

    /** The pool whose worker loops, begun before its rewrite, are looked after by {@link EarlyPoolWorkers}. */
    private static final String POOL = "java.util.concurrent.ThreadPoolExecutor";

    /** How many times the first domain's opening looks for a deferred JDK class, a millisecond apart. */
    private static final int MISSING_ATTEMPTS = 20;

    /**
     * Run once, as the first domain opens: each family's check against the running JDK. A family that fails is
     * reported with why, and taken out: its classes loaded so far are rewritten without it.
     */
    static void verifyFamilies(Instrumentation inst, TimescopeTransformer transformer) {
        ClassPolicy policy = transformer.policy();
        Instrumentations all = policy.instrumentations();
        Instrumentations ok = all.verified(AgentLog::warn);
        if (ok == all) {
            return;
        }
        List<dev.timescope.agent.instrumentation.Instrumentation> off = new ArrayList<>(all.families());
        off.removeAll(ok.families());
        ClassPolicy narrower = policy.narrowedTo(ok);
        transformer.narrow(narrower);
        retransform(inst, candidates(inst, narrower, Instrumentations.of(off), inst.getAllLoadedClasses()));
    }

    /**
     * Rewritten JDK code calls the hooks, which live in the bootstrap loader's unnamed module: java.base
     * must read it. The hooks call {@code jdk.internal.misc} for threads outside every domain, and reach the
     * package-private state of the JDK's pools, schedulers and locks ({@code java.util.concurrent}, its locks'
     * owners, {@code java.util}'s Timer, {@code java.lang}'s virtual-thread scheduler) to carry domains into them.
     */
    private static void openJavaBase(Instrumentation inst) {
        Module javaBase = Object.class.getModule();
        Module hooks = TimeHooks.class.getModule();
        Set<Module> toHooks = Set.of(hooks);
        inst.redefineModule(javaBase, toHooks, Map.of("jdk.internal.misc", toHooks),
                Map.of("java.util.concurrent", toHooks, "java.util.concurrent.locks", toHooks, "java.util", toHooks,
                        "java.lang", toHooks), Set.of(), Map.of());
    }

    /**
     * Loads and initializes the classes the transformer and the hooks use, so that none of them is first loaded
     * while a JDK class is being transformed (a class loaded there is itself handed to the transformer, and it could
     * be the one being transformed). The rewriter's in-place path, its ASM call-site path and its injection path run on
     * a sample here; the bytes they produce are thrown away.
     */
    private static void prewarm(TimescopeTransformer transformer) {
        try (InputStream in = Installer.class.getResourceAsStream("Prewarm.class")) {
            byte[] sample = in.readAllBytes();
            if (transformer.transform(null, null, ClassPolicy.PREWARM_SAMPLE, null, null, sample) == null) {
                throw new IllegalStateException("the rewriter did not rewrite its own sample");
            }
            // The transformer edits an application class in place; JDK classes go through ASM's call-site path.
            RewritePlan calls = transformer.policy().instrumentations().planFor(ClassPolicy.PREWARM_SAMPLE, true);
            if (ClassRewriter.rewriteWithAsm(sample, calls, ClassHierarchy.of(null)) == null) {
                throw new IllegalStateException("the rewriter did not rewrite its own sample with ASM");
            }
            Hook hook = Hook.of(ThreadHooks.class.getName(), "onExit", "(Ljava/lang/Thread;)V");
            RewritePlan injections = new RewritePlan()
                    .add(Injection.atStaticEntry("touch", "()V", Hook.of(Prewarm.class.getName(), "touch", "()V")))
                    .add(Injection.atExit("<init>", "()V", false, hook));
            if (ClassRewriter.rewrite(sample, injections, ClassHierarchy.of(null)) == null) {
                throw new IllegalStateException("the rewriter did not inject into its own sample");
            }
        } catch (IOException e) {
            throw new IllegalStateException("timescope agent cannot read its own classes: " + e, e);
        }
        for (Class<?> c : List.of(TimeHooks.class, ParkHooks.class, ThreadHooks.class)) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        Prewarm.touch();
    }

    /**
     * The classes among {@code loaded} whose rewrite may change: by {@code policy}'s families, or, when {@code undone}
     * is given, by those families (taken out of {@code policy}), whose rewrites are then undone.
     */
    private static List<Class<?>> candidates(Instrumentation inst, ClassPolicy policy, Instrumentations undone,
                                             Class<?>[] loaded) {
        Instrumentations families = undone != null ? undone : policy.instrumentations();
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : loaded) {
            if (c.isArray() || c.isPrimitive() || !inst.isModifiableClass(c)) {
                continue;
            }
            String name = c.getName().replace('.', '/');
            ClassPolicy.Kind kind = undone == null ? policy.classify(name)
                    : undone.isJdkTarget(name) ? ClassPolicy.Kind.JDK : policy.classify(name);
            if (kind == ClassPolicy.Kind.JDK && mayChangeJdkClass(c, name, families)
                    || kind == ClassPolicy.Kind.APPLICATION && mayNeedRewriting(c, name, families)) {
                targets.add(c);
            }
        }
        return targets;
    }

    /** Retransforms {@code targets} together, or one by one should that fail. */
    private static void retransform(Instrumentation inst, List<Class<?>> targets) {
        if (targets.isEmpty()) {
            return;
        }
        try {
            inst.retransformClasses(targets.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            // One bad class must not cost the others their rewrite: retry them one by one.
            for (Class<?> c : targets) {
                try {
                    inst.retransformClasses(c);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError perClass) {
                    AgentLog.warn("could not rewrite " + c.getName() + "; it keeps real time. Cause: " + perClass);
                }
            }
        }
    }

    /**
     * Whether a loaded JDK class is worth retransforming: its plan injects code, or its class file (read from the
     * runtime image, which is cheap) names a call its rules replace. A class whose file cannot be read is.
     */
    private static boolean mayChangeJdkClass(Class<?> c, String internalName, Instrumentations families) {
        RewritePlan plan = families.planFor(internalName, false);
        if (plan.isEmpty() || plan.hasInjections()) {
            return !plan.isEmpty();
        }
        try (InputStream in = c.getModule().getResourceAsStream(internalName + ".class")) {
            return in == null || Instrumentations.mayRewriteJdkClass(plan, in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** Reads the class file to skip retransforming application classes that call none of the hooked methods. */
    private static boolean mayNeedRewriting(Class<?> c, String internalName, Instrumentations instrumentations) {
        String resource = "/" + internalName + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            return in == null || instrumentations.mayRewriteApplicationClass(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
