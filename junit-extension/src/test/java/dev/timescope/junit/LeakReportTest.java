package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.LeakedThreadsError;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Contract section 4, "Leak": threads still alive at the end of a test fail it, with a report that tells
 * what the test body started from background work; {@link VirtualTime#onLeak()} relaxes it.
 */
class LeakReportTest {

    @Test
    void aThreadLeftRunningFailsTheTestWithWhoStartedItAndWhere() {
        List<Throwable> failures = TestKit.failures(TestKit.run(LeavesASleeper.class));

        assertThat(failures).singleElement().isInstanceOf(LeakedThreadsError.class);
        assertThat(failures.get(0).getMessage())
                .contains("1 thread of virtual-time domain \"LeavesASleeper#startsAndForgets\" was still alive")
                .contains("Started by the test body")
                .contains("\"forgotten\": sleeping until 2000-01-01T01:00:00Z (+1h 0m 0s)")
                .contains("created at dev.timescope.junit.LeakReportTest$LeavesASleeper.startsAndForgets");
    }

    @Test
    void poolWorkersAreReportedAsBackgroundWork() {
        List<Throwable> failures = TestKit.failures(TestKit.run(LeavesAPool.class));

        assertThat(failures).singleElement().isInstanceOf(LeakedThreadsError.class);
        assertThat(failures.get(0).getMessage())
                .contains("Started by the test body")
                .contains("\"pool-")
                .contains("shutdown() and awaitTermination()");
    }

    @Test
    void aPoolShutDownProperlyIsNoLeak() {
        TestKit.assertAllSucceeded(TestKit.run(ShutsDownItsPool.class), 1);
    }

    @Test
    void warnAndIgnoreDoNotFailTheTest() {
        TestKit.assertAllSucceeded(TestKit.run(LeaksButWarns.class), 2);
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
    static class LeavesAPool {
        @Test
        void submitsAndForgets() {
            ExecutorService pool = Executors.newFixedThreadPool(1);
            pool.submit(() -> "done");
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
