package dev.timescope.it.agent;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM's main under {@code mode=global,start=2038-01-19T03:14:07Z,rate=0,autoAdvance=true}: no domain of its
 * own, yet every clock is virtual, an hour's sleep returns at once, and a scheduler ticks on exact minutes.
 */
public final class GlobalFrozenClock {

    private GlobalFrozenClock() {
    }

    public static void main(String[] args) throws Exception {
        long millis0 = System.currentTimeMillis();
        long nanos0 = System.nanoTime();
        Instant instant0 = Instant.now();
        System.out.println("start millis " + millis0 + " instant " + instant0);
        System.out.println("main has a clock: " + VirtualClock.current().isPresent());

        Thread.sleep(Duration.ofHours(1).toMillis());
        System.out.println("after an hour: millis +" + (System.currentTimeMillis() - millis0) + " nanos +"
                + (System.nanoTime() - nanos0) + " instant " + Instant.now() + " (+" + Duration.between(instant0,
                Instant.now()) + ")");

        List<String> ticks = new CopyOnWriteArrayList<>();
        List<Boolean> workerHasClock = new CopyOnWriteArrayList<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleAtFixedRate(() -> {
            ticks.add(Instant.now().toString());
            workerHasClock.add(VirtualClock.current().isPresent());
        }, 1, 1, TimeUnit.MINUTES);
        Thread.sleep(Duration.ofMinutes(3).plusSeconds(30).toMillis());
        scheduler.shutdownNow();
        System.out.println("ticks " + ticks);
        System.out.println("pool worker has a clock: " + workerHasClock);

        boolean[] threadHasClock = new boolean[1];
        Thread t = new Thread(() -> threadHasClock[0] = VirtualClock.current().isPresent(), "app-thread");
        t.start();
        t.join();
        System.out.println("a new thread has a clock: " + threadHasClock[0]);

        VirtualClock global = VirtualClock.current().orElseThrow();
        System.out.println("global clock at " + global.instant() + ", elapsed " + global.elapsed());
        global.advance(Duration.ofMinutes(1));
        System.out.println("advanced to " + Instant.now());
        try {
            VirtualClock.start().close();
            System.out.println("a domain opened inside global mode");
        } catch (IllegalStateException e) {
            System.out.println("VirtualClock.start() refused: " + e.getMessage());
        }
        try {
            global.close();
            System.out.println("the global clock closed");
        } catch (IllegalStateException e) {
            System.out.println("close() refused: " + e.getMessage());
        }
        System.out.println("end " + Instant.now());
    }
}
