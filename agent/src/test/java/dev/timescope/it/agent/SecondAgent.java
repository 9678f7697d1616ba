package dev.timescope.it.agent;

import java.lang.instrument.Instrumentation;

/**
 * Another Java agent, listed after timescope's: its {@code premain} runs on the main thread before the JVM starts a
 * flight recording, and must stay on real time.
 */
public final class SecondAgent {

    private SecondAgent() {
    }

    /**
     * Loads one more class of the application class loader on the main thread, as an agent does.
     *
     * @param options the agent's options, unused
     * @param inst the instrumentation, unused
     */
    public static void premain(String options, Instrumentation inst) {
        System.setProperty("second.agent.loaded", Loaded.class.getName());
    }

    /** A class of the agent's own, loaded by its premain. */
    static final class Loaded {
    }
}
