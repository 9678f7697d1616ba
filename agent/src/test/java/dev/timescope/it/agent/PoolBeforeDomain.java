package dev.timescope.it.agent;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A JDK class the agent rewrites, loaded before any domain opens: the scheduled executor is created (and its class
 * loaded) first, then a domain schedules on it. Exits with status 3 if the task is not run in virtual time within
 * 20 s of real time.
 */
public final class PoolBeforeDomain {

    private PoolBeforeDomain() {
    }

    public static void main(String[] args) throws Exception {
        ChildTimeout timeout = ChildTimeout.start(20, "the task did not run in virtual time");
        ScheduledExecutorService pool = new ScheduledThreadPoolExecutor(1);
        try (VirtualClock clock = VirtualClock.start()) {
            long t0 = System.nanoTime();
            ScheduledFuture<Long> ran = pool.schedule(System::nanoTime, 1, TimeUnit.HOURS);
            System.out.println("ran after " + Duration.ofNanos(ran.get() - t0));
        } finally {
            pool.shutdownNow();
        }
        timeout.stop();
    }
}
