package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.LeakedThreadsError;
import dev.timescope.testing.LogCapture;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Contract section 4, "Leak": what a test's domain still owns at its end (threads it started that are alive,
 * work in flight, scheduled tasks) fails it, with a report that tells what the test body started from
 * background work and where; an idle pool worker is never a leak; {@link VirtualTime#onLeak()} relaxes it.
 */
class LeakReportTest {

    @Test
    void aThreadLeftRunningFailsTheTestWithWhoStartedItAndWhere() {
        List<Throwable> failures = TestKit.failures(TestKit.run(LeavesASleeper.class));

        assertThat(failures).singleElement().isInstanceOf(LeakedThreadsError.class);
        assertThat(failures.get(0).getMessage())
                .contains("virtual-time domain \"LeavesASleeper#startsAndForgets\" closed at 2000-01-01T00:00:00Z (+0s)"
                        + " while it still owned 1 thread.")
                .contains("Threads started by the test body")
                .contains("\"forgotten\": sleeping until 2000-01-01T01:00:00Z (+1h 0m 0s)")
                .contains("created at dev.timescope.junit.LeakReportTest$LeavesASleeper.startsAndForgets");
    }

    @Test
    void anIdlePoolIsNoLeakButItsPeriodicTaskIs() {
        TestKit.assertAllSucceeded(TestKit.run(LeavesAnIdlePool.class), 1);

        List<Throwable> failures = TestKit.failures(TestKit.run(LeavesAPeriodicTask.class));
        assertThat(failures).singleElement().isInstanceOf(LeakedThreadsError.class);
        assertThat(failures.get(0).getMessage())
                .contains("while it still owned 1 scheduled task.")
                .contains("scheduled for 2000-01-01T00:01:00Z (+1m 0s), at a fixed rate of 1m 0s")
                .contains("scheduled at dev.timescope.junit.LeakReportTest$LeavesAPeriodicTask.schedulesAndForgets")
                .contains("ScheduledFuture.cancel");
    }

    @Test
    void aPoolShutDownProperlyIsNoLeak() {
        TestKit.assertAllSucceeded(TestKit.run(ShutsDownItsPool.class), 1);
    }

    @Test
    void warnAndIgnoreDoNotFailTheTest() {
        try (LogCapture log = LogCapture.start()) {
            TestKit.assertAllSucceeded(TestKit.run(LeaksButWarns.class), 2);

            assertThat(log.messages()).as("WARN logs the report, once; IGNORE says nothing").singleElement()
                    .asString()
                    .startsWith("WARNING: timescope: virtual-time domain \"LeaksButWarns#warns\" closed at"
                            + " 2000-01-01T00:00:00Z (+0s) while it still owned 1 thread.")
                    .contains("\"forgotten\": sleeping until 2000-01-01T01:00:00Z (+1h 0m 0s)");
        }
    }

    @VirtualTime
    static class LeavesASleeper {
        @Test
        void startsAndForgets() {
            Thread forgotten = new Thread(() -> {
                try {
                    Thread.sleep(3_600_000);
                } catch (InterruptedException e) {
                    // interrupted when the domain closes
                }
            }, "forgotten");
            forgotten.start();
        }
    }

    @VirtualTime
    static class LeavesAnIdlePool {
        @Test
        void submitsWaitsAndForgets() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(1);
            assertThat(pool.submit(() -> "done").get()).isEqualTo("done");
        }
    }

    @VirtualTime
    static class LeavesAPeriodicTask {
        @Test
        void schedulesAndForgets() {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.MINUTES);
        }
    }

    @VirtualTime
    static class ShutsDownItsPool {
        @Test
        void submitsAndShutsDown() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            pool.submit(() -> {
                Thread.sleep(10_000);
                return null;
            }).get();
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    static class LeaksButWarns {
        @Test
        @VirtualTime(onLeak = VirtualTime.Leaks.WARN)
        void warns() {
            new LeavesASleeper().startsAndForgets();
        }

        @Test
        @VirtualTime(onLeak = VirtualTime.Leaks.IGNORE)
        void ignores() {
            new LeavesASleeper().startsAndForgets();
        }
    }
}
