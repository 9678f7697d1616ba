package dev.timescope.junit;

import dev.timescope.agent.SelfAttach;
import java.lang.System.Logger.Level;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Makes sure the timescope agent is installed before any test runs on virtual time: usually it came with
 * {@code -javaagent}; if not, it is attached now, once per JVM, and a warning says how to avoid that.
 *
 * <p>An agent attached at run time makes the JVM print its own warnings, which only {@code -javaagent} avoids:
 * "Sharing is only supported for boot loader classes because bootstrap classpath has been appended" (class data
 * sharing is on and the agent's hooks join the boot class path; {@code -Xshare:off} silences it too) and, from
 * JDK 21, "A Java agent has been loaded dynamically" ({@code -XX:+EnableDynamicAgentLoading} silences it too).
 * Where the JVM refuses ({@code -XX:-EnableDynamicAgentLoading}, {@code -XX:+DisableAttachMechanism}, a runtime
 * without {@code jdk.attach}), the test fails with the reason and the lines to add.
 *
 * <p>It looks for the agent on the bootstrap class path only, so that checking never loads the runtime's
 * classes through the test class loader before the agent is there.
 */
final class AgentLoader {

    private static boolean attachedHere; // guarded by AgentLoader.class

    private AgentLoader() {
    }

    static synchronized void ensureInstalled() {
        if (installedOnBootClassPath()) {
            return;
        }
        try {
            SelfAttach.attach();
        } catch (RuntimeException | LinkageError e) {
            throw new ExtensionConfigurationException(missingAgent("It could not be attached at run time: "
                    + e.getMessage() + "."), e);
        }
        if (!installedOnBootClassPath()) {
            throw new ExtensionConfigurationException(missingAgent("It attached, but its hooks are not in place."));
        }
        if (!attachedHere) {
            attachedHere = true;
            System.getLogger("dev.timescope").log(Level.WARNING, "timescope: the agent was not on this test JVM's"
                    + " command line, so it was attached at run time. The JVM may have said so above: \"Sharing is only"
                    + " supported for boot loader classes because bootstrap classpath has been appended\" and, from"
                    + " JDK 21, \"A Java agent has been loaded dynamically\". Start the test JVM with the agent instead,"
                    + " which also ends those warnings. " + howToAdd());
        }
    }

    static String missingAgent(String why) {
        return "@VirtualTime needs the timescope agent, and this test JVM was started without it. " + why + "\n"
                + "Start the test JVM with the agent. " + howToAdd();
    }

    /** How to put the agent on the test JVM's command line, with this build's version and this machine's jar. */
    static String howToAdd() {
        String version = SelfAttach.version();
        String jar = SelfAttach.agentJarPath();
        return "In Maven, add the timescope-maven-plugin; its prepare-agent goal gives Surefire the agent:\n"
                + "    <plugin>\n"
                + "      <groupId>dev.timescope</groupId>\n"
                + "      <artifactId>timescope-maven-plugin</artifactId>\n"
                + "      <version>" + (version == null ? "<the version of timescope-junit>" : version) + "</version>\n"
                + "      <executions><execution><goals><goal>prepare-agent</goal></goals></execution></executions>\n"
                + "    </plugin>\n"
                + "Elsewhere (Surefire's <argLine>, Gradle's jvmArgs, an IDE's VM options), add the agent jar:\n"
                + "    -javaagent:" + (jar == null ? "/path/to/timescope-agent-<version>.jar" : jar);
    }

    private static boolean installedOnBootClassPath() {
        try {
            Class<?> status = Class.forName("dev.timescope.internal.AgentStatus", true, null);
            return (boolean) status.getMethod("isInstalled").invoke(null);
        } catch (ClassNotFoundException e) {
            return false;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("timescope: cannot read the agent's status: " + e, e);
        }
    }
}
