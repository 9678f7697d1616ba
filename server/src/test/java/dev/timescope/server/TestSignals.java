package dev.timescope.server;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** For tests that send a signal to a child JVM: the child inherits what this JVM began with. */
final class TestSignals {

    private TestSignals() {
    }

    /**
     * Skips the calling test when this JVM began with {@code signal} ignored: its child JVMs begin so too, keep it
     * ignored, and can neither catch it nor be stopped by it.
     */
    static void assumeDeliverable(Signal signal) {
        assumeFalse(Signals.ignoredAtStart(signal), "this JVM began with SIG" + signal + " ignored (as nohup and the"
                + " background jobs of a non-interactive shell start a process); the child JVMs it starts inherit that"
                + " and never see SIG" + signal);
    }
}
