package dev.timescope.it.agent;

import dev.timescope.VirtualClock;
import java.time.Duration;

/**
 * A child JVM's main under {@code mode=global} at a fast rate: the main thread drives a clock that also runs by
 * itself, advancing it in steps the clock may pass before each advance begins, and a step to an instant already
 * behind it.
 */
public final class GlobalRatedAdvance {

    private GlobalRatedAdvance() {
    }

    public static void main(String[] args) {
        VirtualClock clock = VirtualClock.current().orElseThrow();
        Duration before = clock.elapsed();
        for (int i = 0; i < 200; i++) {
            clock.advance(Duration.ofMillis(10));
        }
        clock.advanceTo(clock.instant().minusSeconds(1));
        Duration moved = clock.elapsed().minus(before);
        System.out.println("advanced 200 steps of 10ms and one to the past; the clock moved at least 2s: "
                + (moved.compareTo(Duration.ofSeconds(2)) >= 0));
    }
}
