package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.it.ThreadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * virtual-time.md, sections 4 and 5, at scale: thousands of members in one domain, each doing 100 seeded random
 * sleeps, complete (no hang, whatever the virtual-thread scheduler's few carriers are doing), each member sees
 * exactly its own total of sleeps, and the clock ends at the largest total. 10,000 virtual threads (JDK 21 and
 * later, the default scheduler) and 1,000 platform threads.
 *
 * <p>The build's {@code scale} execution repeats each shape with 20 seeds; elsewhere it runs one, or as many as
 * {@code -Dscale.repetitions} says.
 */
class Section5ScaleTest {

    private static final long FIRST_SEED = 20_261_203L;
    private static final int REPETITIONS = Integer.getInteger("scale.repetitions", 1);
    private static final int SLEEPS_EACH = 100;

    static List<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (int r = 0; r < REPETITIONS; r++) {
            long seed = FIRST_SEED + 1_000_003L * r;
            runs.add(Arguments.of(ThreadKind.VIRTUAL, 10_000, seed));
            runs.add(Arguments.of(ThreadKind.PLATFORM, 1_000, seed));
        }
        return runs;
    }

    @ParameterizedTest(name = "{1} {0} threads x 100 sleeps, seed {2}")
    @MethodSource("runs")
    void everyMemberSeesExactlyItsOwnSleepsAndTheClockEndsAtTheLongest(ThreadKind kind, int threads, long seed)
            throws InterruptedException {
        kind.assumeAvailable();
        long[] totals = new long[threads];
        long longest = 0;
        long[][] plans = new long[threads][SLEEPS_EACH];
        Random random = new Random(seed);
        for (int i = 0; i < threads; i++) {
            for (int k = 0; k < SLEEPS_EACH; k++) {
                plans[i][k] = 1 + random.nextInt(1_000);
                totals[i] += plans[i][k];
            }
            longest = Math.max(longest, totals[i]);
        }
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        long elapsed;
        try (VirtualClock clock = VirtualClock.start()) {
            long origin = System.nanoTime();
            Thread[] members = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                long[] plan = plans[i];
                long total = totals[i];
                members[i] = kind.start("sleeper-" + i, () -> {
                    long start = System.nanoTime();
                    for (long millis : plan) {
                        try {
                            Thread.sleep(millis);
                        } catch (InterruptedException e) {
                            violations.add(Thread.currentThread().getName() + " was interrupted");
                            return;
                        }
                    }
                    long took = System.nanoTime() - start;
                    if (took != TimeUnit.MILLISECONDS.toNanos(total) && violations.size() < 20) {
                        violations.add(Thread.currentThread().getName() + " slept " + took + " ns, expected "
                                + TimeUnit.MILLISECONDS.toNanos(total) + " (from " + (start - origin) + ")");
                    }
                });
            }
            for (Thread t : members) {
                t.join();
            }
            elapsed = System.nanoTime() - origin;
        }
        assertThat(violations).as("members whose sleeps did not add up (first ones shown)").isEmpty();
        assertThat(elapsed).as("the clock at the end").isEqualTo(TimeUnit.MILLISECONDS.toNanos(longest));
    }
}
