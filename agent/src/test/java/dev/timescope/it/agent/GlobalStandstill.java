package dev.timescope.it.agent;

import java.time.Duration;

/**
 * A child JVM's main under {@code mode=global,rate=0}: a frozen clock with no auto-advance, and a thread that sleeps
 * an hour on it, joined by main. Nothing can move the clock: the JVM hangs, as it would with a real hour to wait,
 * and says why.
 */
public final class GlobalStandstill {

    private GlobalStandstill() {
    }

    public static void main(String[] args) throws Exception {
        Thread sleeper = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofHours(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sleeper");
        sleeper.start();
        System.out.println("waiting");
        sleeper.join();
    }
}
