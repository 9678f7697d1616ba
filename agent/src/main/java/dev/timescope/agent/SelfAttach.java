package dev.timescope.agent;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Loads this agent into the running JVM: the fallback when a test JVM was started without
 * {@code -javaagent}. The JDK restricts self-attach (JEP 451, {@code -XX:-EnableDynamicAgentLoading});
 * ByteBuddy attaches from a helper process where the JVM refuses to attach to itself.
 *
 * <p>The JVM itself prints two warnings for an agent loaded this way, which only {@code -javaagent} avoids:
 * "Sharing is only supported for boot loader classes because bootstrap classpath has been appended" (with class
 * data sharing on, whenever the boot class path grows after start-up, as it must for the agent's hooks;
 * {@code -Xshare:off} also silences it), and from JDK 21 "A Java agent has been loaded dynamically"
 * ({@code -XX:+EnableDynamicAgentLoading} also silences it).
 */
public final class SelfAttach {

    private static final Pattern VERSIONED_JAR = Pattern.compile("timescope-agent-(.+)\\.jar");

    private SelfAttach() {
    }

    /**
     * Attaches the agent jar this class was loaded from.
     *
     * @throws IllegalStateException whose message is the reason, in words a user can act on, when the JVM refuses
     */
    public static void attach() {
        File jar = agentJar();
        try {
            ByteBuddyAgent.attach(jar, ByteBuddyAgent.ProcessProvider.ForCurrentVm.INSTANCE);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(whyRefused(e), e);
        }
    }

    /**
     * The agent jar, for a {@code -javaagent:} option.
     *
     * @return its absolute path; null when the agent's classes do not come from a jar (a build's class folder)
     */
    public static String agentJarPath() {
        try {
            return agentJar().getAbsolutePath();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * The version in the agent jar's name, {@code timescope-agent-<version>.jar}.
     *
     * @return the version; null if the agent is not in a jar so named
     */
    public static String version() {
        String path = agentJarPath();
        if (path == null) {
            return null;
        }
        Matcher m = VERSIONED_JAR.matcher(new File(path).getName());
        return m.matches() ? m.group(1) : null;
    }

    static File agentJar() {
        File location;
        try {
            location = new File(SelfAttach.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the timescope agent jar: " + e, e);
        }
        if (!location.isFile()) {
            throw new IllegalStateException("the timescope agent classes come from " + location + ", not from its jar;"
                    + " run 'package' first (./mvnw verify builds it)");
        }
        return location;
    }

    /**
     * Why the attach failed. ByteBuddy's own message often names only its helper process ("set a property
     * net.bytebuddy.agent.attacher.dump..."): the JVM's settings say more, so they are asked first.
     */
    static String whyRefused(Throwable failure) {
        if ("false".equals(vmOption("EnableDynamicAgentLoading"))) {
            return "this JVM does not allow an agent to be loaded at run time (it runs with -XX:-EnableDynamicAgentLoading)";
        }
        if ("true".equals(vmOption("DisableAttachMechanism"))) {
            return "this JVM does not allow attaching to it (it runs with -XX:+DisableAttachMechanism)";
        }
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            return "this Java runtime has no attach mechanism (it lacks the jdk.attach module, as a JRE or a trimmed"
                    + " jlink image does)";
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String detail = root.getMessage();
        if (detail == null || detail.isBlank() || detail.contains("bytebuddy")) {
            return "the JDK's attach mechanism failed (" + root.getClass().getName()
                    + "): this JVM does not allow attaching to itself (-Djdk.attach.allowAttachSelf is not set), and"
                    + " attaching from a helper JVM did not work either";
        }
        return "the JDK's attach mechanism failed: " + root;
    }

    /** A HotSpot option's value, or null where it cannot be read (another VM, no jdk.management). */
    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
