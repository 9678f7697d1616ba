package dev.timescope.it.agent;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.time.Instant;

/** A child JVM's main: one virtual hour, printed. */
public final class SleepAnHour {

    private SleepAnHour() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            long t0 = System.nanoTime();
            Thread.sleep(Duration.ofHours(1).toMillis());
            System.out.println("slept " + Duration.ofNanos(System.nanoTime() - t0) + " now " + Instant.now());
        }
    }
}
