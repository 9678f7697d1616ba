package dev.timescope.internal;

/**
 * Whether the agent has installed its hooks in this JVM, and how. The agent sets it; everything that
 * needs the hooks checks it and, when they are missing, says exactly what to add.
 */
public final class AgentStatus {

    private static volatile String installedBy;

    /** The agent's check of the running JDK, run once before the first domain opens; null once run, or if none. */
    private static volatile Runnable beforeFirstDomain; // written under AgentStatus.class

    private AgentStatus() {
    }

    /** Called once by the agent after every hook is in place. */
    public static void installed(String how) {
        installed(how, null);
    }

    /**
     * Called once by the agent after every hook is in place.
     *
     * @param how "-javaagent" or "self-attach"
     * @param checkBeforeFirstDomain run once, by the thread that opens the first domain, before it opens it; null for none
     */
    public static void installed(String how, Runnable checkBeforeFirstDomain) {
        synchronized (AgentStatus.class) {
            beforeFirstDomain = checkBeforeFirstDomain;
        }
        installedBy = how;
    }

    /**
     * Runs the agent's deferred check of the running JDK, if it has not run yet. Every domain's opening calls it; the
     * first one runs it, and any other that comes meanwhile waits for it.
     */
    public static void beforeDomainOpens() {
        if (beforeFirstDomain == null) {
            return;
        }
        synchronized (AgentStatus.class) {
            Runnable check = beforeFirstDomain;
            beforeFirstDomain = null;
            if (check != null) {
                check.run();
            }
        }
    }

    public static boolean isInstalled() {
        return installedBy != null;
    }

    /** "-javaagent" or "self-attach", or null. */
    public static String installedBy() {
        return installedBy;
    }

    /**
     * With the agent, the runtime's internals live on the bootstrap class path, where the JDK's rewritten
     * code finds them. A runtime jar on the module path is a named module whose copy of them the application
     * loader uses instead: two clocks that never meet. Say so, rather than run everything in real time.
     */
    public static void requireSameCopyAsTheAgent(Class<?> api) {
        if (!api.getModule().isNamed()) {
            return;
        }
        try {
            Class<?> boot = Class.forName(AgentStatus.class.getName(), false, null);
            if (boot != AgentStatus.class) {
                throw new IllegalStateException("timescope-runtime is on the module path (module "
                        + api.getModule().getName() + "), while the agent serves the JDK from the bootstrap class path:"
                        + " the two would keep separate clocks. Put timescope-runtime on the class path; with Maven"
                        + " Surefire, add <useModulePath>false</useModulePath>.");
            }
        } catch (ClassNotFoundException e) {
            // no agent: nothing to disagree with
        }
    }

    /** What to tell a user who starts a clock in a JVM without the agent: how to add it, with Maven or Gradle. */
    public static String missingAgentMessage() {
        return "The timescope agent is not installed in this JVM, so nothing would run on virtual time. Start the JVM"
                + " with -javaagent:/path/to/timescope-agent.jar. With Maven, the timescope-maven-plugin's"
                + " prepare-agent goal gives Surefire the agent; with Gradle, add the -javaagent option to the test"
                + " task's JVM arguments (see the README, \"Quick start\").";
    }
}
