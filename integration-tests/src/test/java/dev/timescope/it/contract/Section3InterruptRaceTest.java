package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * virtual-time.md, section 3.1: a thread counts as runnable from the instant it is interrupted, until it has
 * really gone. A join with a timeout, or an {@code awaitTermination}, must not expire while a thread just
 * interrupted (directly, by {@code shutdownNow()}, or by {@code shutdown()}) is still on its way out, however
 * its exit interleaves with the waiter: seeded, so that a failing interleaving can be replayed.
 */
class Section3InterruptRaceTest {

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= 150; s++) {
            seeds.add(s);
        }
        return seeds;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aJoinWithATimeoutWaitsForAThreadInterruptedOnItsWayOut(long seed) throws Exception {
        Random random = new Random(seed);
        ThreadKind kind = random.nextBoolean() || Runtime.version().feature() < 21 ? ThreadKind.PLATFORM : ThreadKind.VIRTUAL;
        try (VirtualClock clock = VirtualClock.start()) {
            // A timer the clock would jump to if it could: one second.
            Thread timer = kind.start("timer", () -> Sleeps.sleep(Duration.ofSeconds(1)));
            List<Thread> sleepers = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            CountDownLatch asleep = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                sleepers.add(kind.start("sleeper-" + i, () -> {
                    asleep.countDown();
                    try {
                        Thread.sleep(Duration.ofDays(1).toMillis());
                    } catch (InterruptedException e) {
                        busy(random.nextInt(2_000)); // a little work on the way out
                    }
                }));
            }
            asleep.await();
            for (Thread s : sleepers) {
                busy(random.nextInt(500));
                s.interrupt();
            }
            for (Thread s : sleepers) {
                s.join(Duration.ofSeconds(10).toMillis());
                assertThat(s.isAlive()).as("%s joined (seed %d)", s.getName(), seed).isFalse();
            }
            assertThat(clock.elapsed()).as("seed %d, %s threads", seed, kind).isZero();
            timer.join();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void awaitTerminationWaitsForWorkersAShutdownInterrupted(long seed) throws Exception {
        Random random = new Random(seed);
        boolean now = random.nextBoolean();
        try (VirtualClock clock = VirtualClock.start()) {
            Thread timer = ThreadKind.PLATFORM.start("timer", () -> Sleeps.sleep(Duration.ofSeconds(1)));
            int workers = 1 + random.nextInt(4);
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            CountDownLatch started = new CountDownLatch(workers);
            for (int i = 0; i < workers; i++) {
                pool.execute(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(now ? Duration.ofDays(1).toMillis() : 0);
                    } catch (InterruptedException e) {
                        busy(random.nextInt(2_000));
                    }
                });
            }
            started.await();
            busy(random.nextInt(500));
            if (now) {
                pool.shutdownNow();
            } else {
                pool.shutdown(); // the workers are idle by now, or about to be: shutdown interrupts the idle ones
            }
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("seed %d", seed).isTrue();
            assertThat(clock.elapsed()).as("seed %d, shutdown%s", seed, now ? "Now" : "").isZero();
            timer.join();
        }
    }

    /** Real work of a random length, to vary how the exit interleaves with the waiter. */
    private static void busy(int iterations) {
        long x = 0;
        for (int i = 0; i < iterations; i++) {
            x += Long.numberOfTrailingZeros(x + i);
        }
        if (x == 42) {
            Thread.onSpinWait();
        }
    }
}
