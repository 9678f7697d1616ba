package dev.timescope.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} and {@code Agent-Class}: a thin trampoline. It makes sure the agent jar is on
 * the bootstrap class path (JDK classes must see the hooks), then runs {@link Installer} from there, so
 * that the hooks, the runtime and the rewriter all live in one class loader.
 *
 * <p>When the jar is on the bootstrap class path already (its manifest puts it there), this class comes from the
 * bootstrap loader as well and calls {@code Installer} directly. Otherwise (a renamed jar) it was loaded by the
 * application class loader, and it reaches the installer only by name, through the bootstrap loader, so that no
 * second copy of the agent is loaded.
 */
public final class TimescopeAgent {

    private static final String INSTALLER = "dev.timescope.agent.Installer";
    private static final String OPTION_ERROR = "dev.timescope.agent.AgentOptionException";
    private static final String PROBE = "dev.timescope.internal.hooks.TimeHooks";

    private TimescopeAgent() {
    }

    /**
     * The JVM calls this for {@code -javaagent:timescope-agent.jar[=options]}, before the application's
     * {@code main}. It installs the hooks. A bad option, or an agent that cannot install, stops the JVM (exit
     * status 1) with a message on standard error that names the problem and lists the valid options. It prints and
     * exits rather than throw: a premain that throws aborts the JVM with the exception between native assertion
     * messages, while a message printed before exiting is the first thing the JVM says, and the only thing
     * Surefire shows of the test JVM before its "The forked VM terminated without properly saying goodbye".
     *
     * @param args the options after {@code =}, comma-separated {@code key=value} pairs, or null for none
     * @param inst the JVM's instrumentation, which must allow retransforming and redefining classes
     */
    public static void premain(String args, Instrumentation inst) {
        try {
            install(args, inst, true);
        } catch (RuntimeException | Error e) {
            if (e.getClass().getName().equals(OPTION_ERROR)) {
                System.err.println("[timescope agent] error: " + e.getMessage());
                System.err.println("[timescope agent] the JVM does not start with an invalid -javaagent option; it exits"
                        + " with code 1 (Maven Surefire reports that as \"The forked VM terminated without properly"
                        + " saying goodbye\").");
            } else {
                System.err.println("[timescope agent] error: the agent could not be installed, so the JVM does not"
                        + " start; it exits with code 1. Cause:");
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    /**
     * The JVM calls this when the agent is loaded into a running JVM ({@link SelfAttach}, used by
     * {@code @VirtualTime} when the test JVM has no {@code -javaagent}). It installs the hooks; a failure,
     * a bad option included, is thrown back to the attaching side and the JVM goes on.
     *
     * @param args the options after {@code =}, comma-separated {@code key=value} pairs, or null for none
     * @param inst the JVM's instrumentation, which must allow retransforming and redefining classes
     */
    public static void agentmain(String args, Instrumentation inst) {
        install(args, inst, false);
    }

    private static void install(String args, Instrumentation inst, boolean atStartup) {
        if (TimescopeAgent.class.getClassLoader() == null) {
            // The usual case: the manifest's Boot-Class-Path put the jar there before this class was loaded, so it
            // came from the bootstrap loader too, and a direct call reaches the one Installer without reflection.
            // (The call is only linked when it runs, so the other case never loads Installer through this class.)
            Installer.install(args, inst, atStartup);
            return;
        }
        String appended = ensureOnBootClassPath(inst);
        try {
            Class.forName(INSTALLER, true, null)
                    .getMethod("install", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, args, inst, atStartup);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("timescope agent failed to install", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("timescope agent is incomplete: " + e, e);
        }
        if (appended != null) {
            System.err.println("[timescope agent] note: " + appended + " does not have the file name in its"
                    + " Boot-Class-Path manifest entry (it was renamed), so it was appended to the bootstrap class path"
                    + " at run time instead.");
        }
    }

    /**
     * The manifest's {@code Boot-Class-Path} names the jar as Maven builds it; a renamed copy misses it,
     * and then the jar is appended at run time (the JDK may print a class-sharing note for that). Returns the name
     * of the jar appended, or null when it was already there.
     */
    private static String ensureOnBootClassPath(Instrumentation inst) {
        try {
            Class.forName(PROBE, false, null);
            return null;
        } catch (ClassNotFoundException e) {
            // not there: append below
        }
        File jar;
        try {
            jar = new File(TimescopeAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
        } catch (URISyntaxException | java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("timescope agent cannot put its jar on the bootstrap class path: " + e, e);
        }
        return jar.getName();
    }
}
