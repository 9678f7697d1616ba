package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import java.time.Duration;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * virtual-time.md, section 5: a program whose threads interact only through the domain's primitives and
 * executors has the same virtual timeline on every run, every JDK and every core count. The build runs this
 * class again with one processor (common-pool parallelism 1, where JDK 17's CompletableFuture starts a thread per
 * task) and with four (parallelism 3): the timeline below is the only one allowed in all of them.
 */
class Section5CoreCountTest {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();
    private static final Timer TIMER = new Timer(true);

    @RepeatedTest(10)
    void theTimelineIsTheSameWhateverTheCoresAndTheCommonPool() throws Exception {
        List<String> timeline = new CopyOnWriteArrayList<>();
        try (VirtualClock clock = VirtualClock.start()) {
            CompletableFuture.supplyAsync(() -> {
                Sleeps.sleep(Duration.ofSeconds(1));
                return "async";
            }).thenApplyAsync(s -> {
                Sleeps.sleep(Duration.ofSeconds(1));
                return s + "+then";
            }).thenAccept(s -> timeline.add(s + "@" + clock.elapsed())).join();

            CompletableFuture<Void> delayed = CompletableFuture.runAsync(
                    () -> timeline.add("delayed@" + clock.elapsed()), CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));
            CompletableFuture<String> timeout = new CompletableFuture<String>().orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> "timeout@" + clock.elapsed());
            timeline.add(timeout.join());
            delayed.join();

            SCHEDULER.schedule(() -> timeline.add("scheduled@" + clock.elapsed()), 500, TimeUnit.MILLISECONDS).get();
            CompletableFuture<Void> timerRan = new CompletableFuture<>();
            TIMER.schedule(new TimerTask() {
                @Override
                public void run() {
                    timeline.add("timer@" + clock.elapsed());
                    timerRan.complete(null);
                }
            }, 250);
            timerRan.join();

            Object lock = new Object();
            ForkJoinPool.commonPool().execute(() -> {
                Sleeps.sleep(Duration.ofSeconds(4));
                synchronized (lock) {
                    timeline.add("notify@" + clock.elapsed());
                    lock.notifyAll();
                }
            });
            synchronized (lock) {
                lock.wait(10_000);
            }
            timeline.add("woken@" + clock.elapsed());
        }
        assertThat(timeline).containsExactly("async+then@PT2S", "timeout@PT4S", "delayed@PT5S", "scheduled@PT5.5S",
                "timer@PT5.75S", "notify@PT9.75S", "woken@PT9.75S");
    }
}
