package dev.timescope.agent;

/** {@code mode=global} (contract, section 6): the whole application on one virtual clock. */
final class GlobalMode {

    private GlobalMode() {
    }

    static void start(AgentOptions options) {
        throw new AgentOptionException("mode=global is not available yet in this build; use the default mode");
    }
}
