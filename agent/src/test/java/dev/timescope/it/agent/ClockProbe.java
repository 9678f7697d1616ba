package dev.timescope.it.agent;

import dev.timescope.VirtualClock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A child JVM's main: which clock does its own call site read, and which does the JDK's? */
public final class ClockProbe {

    private ClockProbe() {
    }

    public static void main(String[] args) {
        try (VirtualClock clock = VirtualClock.start()) {
            int viaJdk = Instant.now().atZone(ZoneOffset.UTC).getYear();
            int direct = Instant.ofEpochMilli(System.currentTimeMillis()).atZone(ZoneOffset.UTC).getYear();
            System.out.println("Instant.now() year " + viaJdk);
            System.out.println("currentTimeMillis() year " + direct);
        }
    }
}
