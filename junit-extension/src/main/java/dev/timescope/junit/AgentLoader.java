package dev.timescope.junit;

import java.lang.System.Logger.Level;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Makes sure the timescope agent is installed before any test runs on virtual time: usually it came with
 * {@code -javaagent}; if not, it is attached now, once per JVM, and the report says how to avoid that.
 *
 * <p>It looks for the agent on the bootstrap class path only, so that checking never loads the runtime's
 * classes through the test class loader before the agent is there.
 */
final class AgentLoader {

    private static final String ARG_LINE = "<argLine>-javaagent:${dev.timescope:timescope-agent:jar}</argLine>";
    private static boolean attachedHere; // guarded by AgentLoader.class

    private AgentLoader() {
    }

    static synchronized void ensureInstalled() {
        if (installedOnBootClassPath()) {
            return;
        }
        try {
            dev.timescope.agent.SelfAttach.attach();
        } catch (RuntimeException | LinkageError e) {
            throw new ExtensionConfigurationException(missingAgent("Attaching it at run time failed: " + e.getMessage()), e);
        }
        if (!installedOnBootClassPath()) {
            throw new ExtensionConfigurationException(missingAgent("It attached, but its hooks are not in place."));
        }
        if (!attachedHere) {
            attachedHere = true;
            System.getLogger("dev.timescope").log(Level.WARNING, "timescope: the agent was not on the test JVM's"
                    + " command line, so it was attached at run time (the JDK may warn about dynamic agent loading)."
                    + " Add it to Surefire's configuration instead: " + ARG_LINE);
        }
    }

    static String missingAgent(String why) {
        return "@VirtualTime needs the timescope agent, and this test JVM was started without it. " + why
                + "\nAdd it the way JaCoCo and Mockito agents are added. In Maven, declare the maven-dependency-plugin"
                + " (its 'properties' goal gives the agent's path) and give Surefire:\n    " + ARG_LINE
                + "\nIn Gradle: tasks.test { jvmArgs(\"-javaagent:\" + configurations.testRuntimeClasspath.get()"
                + ".find { it.name.startsWith(\"timescope-agent\") }) }";
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
