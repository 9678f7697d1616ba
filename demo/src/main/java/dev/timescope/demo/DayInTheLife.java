package dev.timescope.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small service's day, written the ordinary way: threads that sleep, retry with back-off and wait with
 * timeouts, reading {@code Instant.now()}. Nothing in it knows about virtual time; run under the agent in a
 * domain, the day passes in a moment. No two threads act at the same instant, so its timeline is the same on
 * every run (threads that do race at one instant race in real time, as anywhere).
 */
final class DayInTheLife {

    private final Timeline timeline;
    private final Instant start;

    DayInTheLife(Timeline timeline) {
        this.timeline = timeline;
        this.start = Instant.now();
    }

    void run() throws InterruptedException {
        ExecutorService service = Executors.newFixedThreadPool(3);
        CountDownLatch inputArrived = new CountDownLatch(1);
        service.submit(named("refresher", this::refreshCacheEveryFiveHours));
        service.submit(named("client", this::callFlakyDependencyWithBackOff));
        service.submit(named("batch", () -> nightlyBatch(inputArrived)));
        Thread upstream = new Thread(() -> {
            try {
                deliverInputLate(inputArrived);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "upstream");
        upstream.start();
        heartbeatEveryFourHours();
        upstream.join();
        service.shutdown();
        if (!service.awaitTermination(1, TimeUnit.HOURS)) {
            timeline.log("main", "service did not stop within an hour");
        }
    }

    private void heartbeatEveryFourHours() throws InterruptedException {
        for (int beat = 1; beat <= 6; beat++) {
            Thread.sleep(Duration.ofHours(4).toMillis());
            timeline.log("heartbeat", "alive, " + Duration.between(start, Instant.now()).toHours() + "h into the day");
        }
    }

    private void refreshCacheEveryFiveHours() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            Thread.sleep(Duration.ofHours(5).toMillis());
            timeline.log("refresher", "cache refreshed; entries valid until "
                    + LocalTime.ofInstant(Instant.now().plus(Duration.ofHours(5)), ZoneOffset.UTC));
        }
    }

    /** Fails four times, then succeeds: back-off of 1, 2, 4 and 8 seconds. */
    private void callFlakyDependencyWithBackOff() throws InterruptedException {
        Thread.sleep(Duration.ofHours(9).toMillis());
        long backOff = 1_000;
        for (int attempt = 1; ; attempt++) {
            if (attempt == 5) {
                timeline.log("client", "attempt " + attempt + " succeeded");
                return;
            }
            timeline.log("client", "attempt " + attempt + " failed; retrying in " + backOff / 1000 + "s");
            Thread.sleep(backOff);
            backOff *= 2;
        }
    }

    /** The night batch waits up to 10 minutes for its input; tonight it comes after 7. */
    private void nightlyBatch(CountDownLatch inputArrived) throws InterruptedException {
        Thread.sleep(Duration.ofHours(2).toMillis());
        timeline.log("batch", "waiting for tonight's input, at most 10 minutes");
        if (inputArrived.await(10, TimeUnit.MINUTES)) {
            timeline.log("batch", "input arrived; processing");
            Thread.sleep(Duration.ofMinutes(45).toMillis());
            timeline.log("batch", "done");
        } else {
            timeline.log("batch", "no input: skipped tonight");
        }
    }

    private void deliverInputLate(CountDownLatch inputArrived) throws InterruptedException {
        Thread.sleep(Duration.ofHours(2).plusMinutes(7).toMillis());
        timeline.log("upstream", "input delivered");
        inputArrived.countDown();
    }

    private static java.util.concurrent.Callable<Void> named(String name, Body body) {
        return () -> {
            Thread.currentThread().setName(name);
            body.run();
            return null;
        };
    }

    private interface Body {
        void run() throws InterruptedException;
    }
}
