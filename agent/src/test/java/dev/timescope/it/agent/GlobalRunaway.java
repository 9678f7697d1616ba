package dev.timescope.it.agent;

import dev.timescope.RunawayTimersError;
import dev.timescope.VirtualClock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM's main under {@code mode=global,rate=0}: a task every millisecond makes {@code runUntilIdle()} and an
 * advance of a thousand hours runaways, which the driving thread throws; the periodic task goes on.
 */
public final class GlobalRunaway {

    private GlobalRunaway() {
    }

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleAtFixedRate(GlobalRunaway::tick, 1, 1, TimeUnit.MILLISECONDS);
        VirtualClock clock = VirtualClock.current().orElseThrow();
        System.out.println("the same clock: " + (clock == VirtualClock.current().orElseThrow()));
        try {
            clock.runUntilIdle();
            System.out.println("runUntilIdle returned");
        } catch (RunawayTimersError e) {
            System.out.println("runUntilIdle threw: " + e.getMessage());
        }
        try {
            clock.advance(Duration.ofHours(1000));
            System.out.println("advance returned");
        } catch (RunawayTimersError e) {
            System.out.println("advance threw: " + e.getMessage());
        }
        scheduler.shutdownNow();
        System.out.println("done");
    }

    private static void tick() {
        // the periodic work: nothing to do but come back
    }
}
