package dev.timescope.it.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM's main under {@code mode=global,rate=0} with a flight recording: the application reads a frozen
 * clock, while the JVM's garbage collector, JFR and shutdown hooks run as usual.
 */
public final class GlobalFrozenWithRecording {

    private GlobalFrozenWithRecording() {
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(50); // in real time: on the frozen clock, with no auto-advance, it would never end
                System.out.println("shutdown hook year " + Instant.now().atZone(java.time.ZoneOffset.UTC).getYear());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "app-shutdown-hook"));
        Instant first = Instant.now();
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            garbage.add(new byte[64 * 1024]);
            if (garbage.size() > 100) {
                garbage.clear();
            }
        }
        System.gc();
        System.out.println("frozen: " + first.equals(Instant.now()) + " at " + Instant.now());
        String secondAgent = System.getProperty("second.agent.loaded");
        if (secondAgent != null) {
            System.out.println("second agent loaded " + secondAgent);
        }
    }
}
