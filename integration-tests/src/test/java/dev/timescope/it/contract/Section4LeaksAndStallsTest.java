package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.LeakPolicy;
import dev.timescope.LeakedThreadsError;
import dev.timescope.VirtualClock;
import dev.timescope.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * virtual-time.md, section 4: what a domain still owns when it closes (threads it constructed that are alive, work
 * in flight, timers still pending) is reported with where it was created or scheduled, then interrupted or
 * cancelled, so that nothing of it runs on a stale clock; an idle pool worker is never a leak; a stall names
 * what holds the clock, once.
 */
class Section4LeaksAndStallsTest {

    @Test
    void aForgottenPeriodicTaskIsReportedWithItsSiteAndCancelled() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1); // created outside the domain
        ScheduledFuture<?>[] periodic = new ScheduledFuture<?>[1];
        VirtualClock clock = VirtualClock.start();
        periodic[0] = scheduler.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.MINUTES);
        assertThatThrownBy(clock::close).isInstanceOf(LeakedThreadsError.class)
                .hasMessageContaining("while it still owned 1 scheduled task.")
                .hasMessageContaining("with a fixed delay of 1m 0s")
                .hasMessageContaining("scheduled at dev.timescope.it.contract.Section4LeaksAndStallsTest"
                        + ".aForgottenPeriodicTaskIsReportedWithItsSiteAndCancelled");
        assertThat(periodic[0].isCancelled()).isTrue();
        assertThat(scheduler.getQueue()).isEmpty(); // not left behind with a trigger time no clock reaches
        scheduler.shutdown();
    }

    @Test
    void workInFlightLeftQueuedIsReportedAndDropped() throws Exception {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> { // outside the domain: occupies the pool's only thread
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        VirtualClock clock = VirtualClock.builder().onLeak(LeakPolicy.FAIL).start();
        Runnable queued = () -> { };
        pool.execute(queued);
        assertThatThrownBy(clock::close).isInstanceOf(LeakedThreadsError.class)
                .hasMessageContaining("while it still owned 1 task in flight.")
                .hasMessageContaining("queued, waiting for a pool thread");
        assertThat(pool.getQueue()).doesNotContain(queued);
        release.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void idlePoolWorkersAreNeverALeak() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(4); // never shut down: its threads wait, idle
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Thread.sleep(n * 100L);
                    return n;
                }));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(results.get(i).get()).isEqualTo(i);
            }
        } // closes without a leak
    }

    @Test
    void aLibrarysDaemonHousekeepingStartedInADomainIsNoLeakAndGoesOnInRealTime() {
        ScheduledFuture<?>[] sweeper = new ScheduledFuture<?>[1];
        ScheduledThreadPoolExecutor housekeeping = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "library-housekeeping");
            t.setDaemon(true);
            return t;
        });
        try (VirtualClock clock = VirtualClock.start()) { // first use of the library inside a test
            sweeper[0] = housekeeping.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.MINUTES);
            clock.advance(Duration.ofMinutes(2));
        } // no LeakedThreadsError
        assertThat(sweeper[0].isCancelled()).isFalse();
        assertThat(sweeper[0].getDelay(TimeUnit.SECONDS)).isBetween(0L, 60L); // its next run, in real time
        housekeeping.shutdownNow();
    }

    @Test
    void aStallIsNamedOnceWithWhatHoldsTheClockAndTheOptionThatHelps() throws Exception {
        List<String> warnings;
        try (LogCapture log = LogCapture.start()) {
            CountDownLatch done = new CountDownLatch(1);
            // Outside every domain: ends the stall once it has been reported (it waits in real time, as it should).
            Thread reader = new Thread(() -> {
                while (log.records().isEmpty()) {
                    Thread.onSpinWait();
                }
                done.countDown();
            }, "report-reader");
            reader.setDaemon(true);
            reader.start();
            try (VirtualClock clock = VirtualClock.builder().stallWarning(Duration.ofMillis(200)).start()) {
                Thread busy = new Thread(() -> {
                    while (done.getCount() > 0) {
                        // works "until told", and holds the clock meanwhile
                    }
                }, "busy-worker");
                busy.start();
                Thread waiter = new Thread(() -> {
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "waiter");
                waiter.start();
                waiter.join(); // the root waits for the clock that busy-worker holds
                busy.join();
                assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
            }
            warnings = log.messages();
        }
        assertThat(warnings).hasSize(1); // once
        assertThat(warnings.get(0)).startsWith("WARNING: timescope: virtual time in domain")
                .contains("has not moved for").contains("\"busy-worker\"")
                .contains("realTimeWhileBusy(true)");
    }
}
