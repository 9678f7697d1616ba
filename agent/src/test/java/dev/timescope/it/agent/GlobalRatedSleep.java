package dev.timescope.it.agent;

import java.time.Duration;
import java.time.Instant;

/** A child JVM's main under {@code mode=global,rate=60}: a two-minute sleep, in virtual and in real time. */
public final class GlobalRatedSleep {

    private GlobalRatedSleep() {
    }

    public static void main(String[] args) throws Exception {
        long real0 = RealTime.nanoTime(); // real time brackets the virtual readings
        Instant before = Instant.now();
        long virtual0 = System.nanoTime();
        Thread.sleep(Duration.ofMinutes(2).toMillis());
        long virtual = System.nanoTime() - virtual0;
        Instant after = Instant.now();
        long real = RealTime.nanoTime() - real0;
        System.out.println("virtual " + Duration.ofNanos(virtual) + " wall " + Duration.between(before, after));
        System.out.println("real nanos " + real);
    }
}
