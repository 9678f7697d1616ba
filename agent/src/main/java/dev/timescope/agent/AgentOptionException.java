package dev.timescope.agent;

/** A bad {@code -javaagent} option; the message names it and lists the valid ones. */
public final class AgentOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public AgentOptionException(String message) {
        super(message);
    }
}
