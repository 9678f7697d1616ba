package dev.timescope.it.agent;

import dev.timescope.VirtualClock;
import java.time.Instant;

/**
 * A child JVM's main: what this class reads from {@code System.currentTimeMillis} inside a virtual-time domain,
 * printed. Only the agent's rewrite of this class's call site puts that read on the virtual clock.
 */
public final class PrintNow {

    private PrintNow() {
    }

    public static void main(String[] args) {
        try (VirtualClock clock = VirtualClock.start()) {
            System.out.println("now " + Instant.ofEpochMilli(System.currentTimeMillis()));
        }
    }
}
