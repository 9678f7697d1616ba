package dev.timescope.agent;

import dev.timescope.agent.instrumentation.Instrumentations;
import dev.timescope.internal.AgentStatus;
import dev.timescope.internal.clock.GlobalClock;
import dev.timescope.internal.hooks.ParkHooks;
import dev.timescope.internal.hooks.ThreadHooks;
import dev.timescope.internal.hooks.TimeHooks;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the hooks in place, in an order that leaves no window: open {@code java.base} to the hooks,
 * load everything the transformer needs, register it, then retransform what was loaded before it.
 * Classes loaded from then on are rewritten as they load.
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
        openJavaBase(inst);
        Instrumentations instrumentations = Instrumentations.all().verified(AgentLog::warn);
        ClassPolicy policy = new ClassPolicy(instrumentations, options.include, options.exclude);
        TimescopeTransformer transformer =
                new TimescopeTransformer(policy, instrumentations, options.debug, inst, TimeHooks.class.getModule());
        prewarm(transformer);
        inst.addTransformer(transformer, true);
        retransformLoaded(inst, policy, instrumentations);
        AgentStatus.installed(atStartup ? "-javaagent" : "self-attach");
        if (options.global != null) {
            GlobalClock.open(options.global); // on the thread that runs premain: the application's main thread
        }
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
     * Loads and initializes every class the transformer and the hooks use, so that none of them is first
     * loaded while a transformation is running (a class loaded there is itself handed to the transformer).
     */
    private static void prewarm(TimescopeTransformer transformer) {
        try (InputStream in = Installer.class.getResourceAsStream("Prewarm.class")) {
            byte[] sample = in.readAllBytes();
            if (transformer.transform(null, null, ClassPolicy.PREWARM_SAMPLE, null, null, sample) == null) {
                throw new IllegalStateException("the rewriter did not rewrite its own sample");
            }
            try (InputStream thread = Object.class.getResourceAsStream("/java/lang/Thread.class")) {
                transformer.transform(null, null, "java/lang/Thread", null, null, thread.readAllBytes());
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

    private static void retransformLoaded(Instrumentation inst, ClassPolicy policy, Instrumentations instrumentations) {
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            String name = c.getName().replace('.', '/');
            if (c.isArray() || c.isPrimitive() || !inst.isModifiableClass(c)) {
                continue;
            }
            ClassPolicy.Kind kind = policy.classify(name);
            if (kind == ClassPolicy.Kind.JDK
                    || kind == ClassPolicy.Kind.APPLICATION && mayNeedRewriting(c, name, instrumentations)) {
                targets.add(c);
            }
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
