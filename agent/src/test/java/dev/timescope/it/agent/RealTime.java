package dev.timescope.it.agent;

/**
 * Real time for a child JVM in global mode: the tests that use it exclude this class from the agent's rewriting
 * ({@code exclude=dev.timescope.it.agent.RealTime}), so its call sites keep the JDK's clocks.
 */
public final class RealTime {

    private RealTime() {
    }

    /** The JDK's {@code System.nanoTime()}, not rewritten. */
    public static long nanoTime() {
        return System.nanoTime();
    }
}
