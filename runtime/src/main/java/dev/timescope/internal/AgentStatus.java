package dev.timescope.internal;

/**
 * Whether the agent has installed its hooks in this JVM, and how. The agent sets it; everything that
 * needs the hooks checks it and, when they are missing, says exactly what to add.
 */
public final class AgentStatus {

    /** The Surefire line users add, the way JaCoCo and Mockito users do. */
    public static final String ARG_LINE = "<argLine>-javaagent:${dev.timescope:timescope-agent:jar}</argLine>";

    private static volatile String installedBy;

    private AgentStatus() {
    }

    /** Called once by the agent after every hook is in place. */
    public static void installed(String how) {
        installedBy = how;
    }

    public static boolean isInstalled() {
        return installedBy != null;
    }

    /** "-javaagent" or "self-attach", or null. */
    public static String installedBy() {
        return installedBy;
    }

    public static String missingAgentMessage() {
        return "The timescope agent is not installed in this JVM, so nothing would run on virtual time. Start the JVM"
                + " with -javaagent:/path/to/timescope-agent.jar; with Maven Surefire, declare the"
                + " maven-dependency-plugin's 'properties' goal and add " + ARG_LINE
                + " (see the README, \"Quick start\").";
    }
}
