package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Contract section 1: several domains at once, one per test, each with its own clock. The four tests
 * below meet at a barrier, so they can only pass if they really run at the same time.
 */
class ParallelDomainsTest {

    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    @Test
    void concurrentTestsEachHaveTheirOwnExactClock() {
        TestKit.assertAllSucceeded(TestKit.run(FourAtOnce.class, PARALLEL), 4);
    }

    @VirtualTime
    @Execution(ExecutionMode.CONCURRENT)
    static class FourAtOnce {
        private static final CyclicBarrier ALL_RUNNING = new CyclicBarrier(4);

        @Test
        void one() throws Exception {
            sleepHoursAndCheck(1);
        }

        @Test
        void two() throws Exception {
            sleepHoursAndCheck(2);
        }

        @Test
        void three() throws Exception {
            sleepHoursAndCheck(3);
        }

        @Test
        void four() throws Exception {
            sleepHoursAndCheck(4);
        }

        private static void sleepHoursAndCheck(int hours) throws Exception {
            // Waiting on the other tests is waiting outside this domain: the deadlock grace covers it.
            ALL_RUNNING.await();
            Thread sleeper = new Thread(() -> {
                try {
                    Thread.sleep(Duration.ofHours(hours).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sleeper.start();
            sleeper.join();
            assertThat(Instant.now()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z").plus(Duration.ofHours(hours)));
        }
    }
}
