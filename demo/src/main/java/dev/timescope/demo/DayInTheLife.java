package dev.timescope.demo;

import dev.timescope.ScopeFailedException;
import dev.timescope.Supervisor;
import dev.timescope.Task;
import dev.timescope.TaskGroup;
import dev.timescope.TaskScope;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small service's day, written the ordinary way: threads that sleep, retry with back-off and wait with
 * timeouts, reading {@code Instant.now()}, and structured concurrency where work fans out: the night batch's
 * parts in a {@code TaskScope}, each checkout attempt in a fail-fast {@code TaskGroup}, each cache refresh in a
 * {@code Supervisor}. Nothing in it knows about virtual time; run under the agent in a domain, the day passes in
 * a moment. No two threads log at the same instant, so its timeline is the same on every run (threads that do
 * race at one instant race in real time, as anywhere).
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

    /** Three regions reload in a supervisor: one region's failure keeps its old entries and stops no other. */
    private void refreshCacheEveryFiveHours() throws InterruptedException {
        for (int i = 1; i <= 3; i++) {
            Thread.sleep(Duration.ofHours(5).toMillis());
            boolean apSourceUp = i != 3; // the third time, ap's source is down
            Task<?> ap;
            try (Supervisor refresh = Supervisor.open("cache refresh " + i)) {
                refresh.fork("region eu", () -> load(200, true));
                refresh.fork("region us", () -> load(300, true));
                ap = refresh.fork("region ap", () -> load(400, apSourceUp));
            }
            String kept = ap.status() == Task.Status.FAILED ? " (ap kept its old entries)" : "";
            timeline.log("refresher", "cache refreshed" + kept + "; entries valid until "
                    + LocalTime.ofInstant(Instant.now().plus(Duration.ofHours(5)), ZoneOffset.UTC)
                            .truncatedTo(ChronoUnit.MINUTES));
        }
    }

    private static Void load(long millis, boolean sourceUp) throws InterruptedException, IOException {
        Thread.sleep(millis);
        if (!sourceUp) {
            throw new IOException("cache source timed out");
        }
        return null;
    }

    /**
     * A checkout: stock is reserved while the card is charged, in a fail-fast group. The payment gateway fails
     * four times, which cancels the reservation each time; back-off of 1, 2, 4 and 8 seconds; the fifth succeeds.
     */
    private void callFlakyDependencyWithBackOff() throws InterruptedException {
        Thread.sleep(Duration.ofHours(9).toMillis());
        long backOff = 1_000;
        for (int attempt = 1; ; attempt++) {
            if (checkout(attempt)) {
                timeline.log("client", "attempt " + attempt + " succeeded");
                return;
            }
            timeline.log("client", "attempt " + attempt + " failed; retrying in " + backOff / 1000 + "s");
            Thread.sleep(backOff);
            backOff *= 2;
        }
    }

    private static boolean checkout(int attempt) {
        try (TaskGroup checkout = TaskGroup.open("checkout, attempt " + attempt)) {
            checkout.fork("reserve stock", () -> load(500, true));
            checkout.fork("charge card", () -> {
                if (attempt < 5) {
                    throw new IOException("payment gateway answered 503 Service Unavailable");
                }
                return load(300, true);
            });
        } catch (ScopeFailedException e) {
            return false;
        }
        return true;
    }

    /** The night batch waits up to 10 minutes for its input; tonight it comes after 7. */
    private void nightlyBatch(CountDownLatch inputArrived) throws InterruptedException {
        Thread.sleep(Duration.ofHours(2).toMillis());
        timeline.log("batch", "waiting for tonight's input, at most 10 minutes");
        if (inputArrived.await(10, TimeUnit.MINUTES)) {
            timeline.log("batch", "input arrived; processing");
            try (TaskScope batch = TaskScope.open("nightly batch")) {
                batch.fork("load orders", () -> load(Duration.ofMinutes(15).toMillis(), true));
                batch.fork("load users", () -> load(Duration.ofMinutes(30).toMillis(), true));
                batch.fork("build report", () -> load(Duration.ofMinutes(45).toMillis(), true));
            }
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
