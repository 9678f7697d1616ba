package dev.timescope.agent;

/**
 * The agent's few messages. They go to standard error, prefixed, as JaCoCo's do: the agent may speak
 * before the application has configured any logging, and must not be the one to initialize it.
 */
final class AgentLog {

    private AgentLog() {
    }

    static void warn(String message) {
        System.err.println("[timescope agent] warning: " + message);
    }

    static void debug(String message) {
        System.err.println("[timescope agent] " + message);
    }
}
