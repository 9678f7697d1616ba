package dev.timescope.it.libraries;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.base.Stopwatch;
import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.RateLimiter;
import com.google.common.util.concurrent.SettableFuture;
import com.google.common.util.concurrent.Uninterruptibles;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guava 33.8.0-jre's time-based utilities as users call them, on the virtual clock: {@code RateLimiter} (its
 * {@code SleepingStopwatch} reads {@code System.nanoTime()} through {@code Ticker.systemTicker()} and sleeps with
 * {@code Uninterruptibles.sleepUninterruptibly}, i.e. {@code TimeUnit.sleep}), {@code Stopwatch},
 * {@code Uninterruptibles.sleepUninterruptibly} (which keeps sleeping through interrupts), expiring memoized
 * suppliers and caches, {@code Futures.withTimeout} on a scheduled executor, and {@code AbstractScheduledService}
 * (a fixed-rate schedule on the single-thread scheduled executor Guava creates for the service). virtual-time.md, section 2
 * (clock readings and sleeps, interrupts exactly as real), section 1 ("Timer") and section 3.1.
 */
@VirtualTime
@Timeout(30) // a real-time safety net (virtual-time.md, section 5): a hang fails the test instead of the build
class GuavaTest {

    @Test
    void rateLimiterSpacesAcquiresExactlyAtItsRate(VirtualClock clock) {
        RateLimiter limiter = RateLimiter.create(4.0); // one permit every 250 ms
        List<Long> acquiredAtMillis = new ArrayList<>();
        List<Double> sleptSeconds = new ArrayList<>();

        for (int i = 0; i < 9; i++) {
            sleptSeconds.add(limiter.acquire());
            acquiredAtMillis.add(clock.elapsed().toMillis());
        }

        assertThat(acquiredAtMillis).containsExactly(0L, 250L, 500L, 750L, 1_000L, 1_250L, 1_500L, 1_750L, 2_000L);
        assertThat(sleptSeconds).containsExactly(0.0, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rateLimiterChargesSeveralPermitsToTheNextCaller(VirtualClock clock) {
        RateLimiter limiter = RateLimiter.create(10.0); // 100 ms a permit

        limiter.acquire(20);  // free now, but the next caller pays for these 20 permits: 2 s
        limiter.acquire();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
        limiter.acquire();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(2_100));
    }

    /**
     * A {@code SmoothBursty} limiter idle for a second stores a second's worth of permits (4 at 4 permits/s): four
     * acquisitions take them at once, the fifth is the fresh permit that was due anyway, then the rate resumes.
     */
    @Test
    void rateLimiterIdleForASecondAllowsABurstThenResumesItsRate(VirtualClock clock) throws Exception {
        RateLimiter limiter = RateLimiter.create(4.0);
        Thread.sleep(1_000);
        List<Long> acquiredAtMillis = new ArrayList<>();

        for (int i = 0; i < 7; i++) {
            limiter.acquire();
            acquiredAtMillis.add(clock.elapsed().toMillis());
        }

        assertThat(acquiredAtMillis).containsExactly(1_000L, 1_000L, 1_000L, 1_000L, 1_000L, 1_250L, 1_500L);
    }

    @Test
    void rateLimiterTryAcquireWithATimeoutWaitsOnlyWhenThePermitComesInTime(VirtualClock clock) {
        RateLimiter limiter = RateLimiter.create(2.0); // 500 ms a permit
        assertThat(limiter.tryAcquire()).isTrue();

        assertThat(limiter.tryAcquire(Duration.ofMillis(499))).isFalse(); // would come too late: no wait at all
        assertThat(clock.elapsed()).isZero();
        assertThat(limiter.tryAcquire(Duration.ofMillis(500))).isTrue();  // comes just in time: waits for it
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void stopwatchMeasuresExactVirtualDurationsAndStopsCounting(VirtualClock clock) throws Exception {
        Stopwatch stopwatch = Stopwatch.createStarted();
        Thread.sleep(1_500);
        NANOSECONDS.sleep(7);
        stopwatch.stop();
        Thread.sleep(60_000);

        assertThat(stopwatch.elapsed()).isEqualTo(Duration.ofMillis(1_500).plusNanos(7));
        assertThat(stopwatch.elapsed(TimeUnit.MICROSECONDS)).isEqualTo(1_500_000L);
        assertThat(stopwatch.toString()).isEqualTo("1.500 s");
        stopwatch.start();
        Thread.sleep(500);
        assertThat(stopwatch.elapsed()).isEqualTo(Duration.ofSeconds(2).plusNanos(7));
    }

    @Test
    void sleepUninterruptiblySleepsItsFullDurationAndRestoresAnInterruptThatCameMeanwhile(VirtualClock clock)
            throws Exception {
        Thread sleeper = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            Uninterruptibles.sleepUninterruptibly(Duration.ofSeconds(1));
            sleeper.interrupt();
        }, "interrupter");
        interrupter.start();

        Uninterruptibles.sleepUninterruptibly(Duration.ofSeconds(3));

        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
        assertThat(Thread.interrupted()).isTrue();
        interrupter.join();
    }

    @Test
    void sleepUninterruptiblyIsExactToTheNanosecond(VirtualClock clock) {
        Uninterruptibles.sleepUninterruptibly(1_234_567_891L, NANOSECONDS);

        assertThat(clock.elapsed()).isEqualTo(Duration.ofNanos(1_234_567_891L));
    }

    @Test
    void memoizeWithExpirationRecomputesAtExactlyItsDuration(VirtualClock clock) throws Exception {
        AtomicInteger computations = new AtomicInteger();
        Supplier<String> token = Suppliers.memoizeWithExpiration(
                () -> "token#" + computations.incrementAndGet(), Duration.ofMinutes(15));

        assertThat(token.get()).isEqualTo("token#1");
        NANOSECONDS.sleep(Duration.ofMinutes(15).toNanos() - 1);
        assertThat(token.get()).isEqualTo("token#1");
        NANOSECONDS.sleep(1);
        assertThat(token.get()).isEqualTo("token#2");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void guavaCacheExpireAfterWriteIsExactToTheNanosecond(VirtualClock clock) throws Exception {
        Cache<String, String> cache = CacheBuilder.newBuilder().expireAfterWrite(Duration.ofSeconds(90)).build();
        cache.put("k", "v");

        NANOSECONDS.sleep(Duration.ofSeconds(90).toNanos() - 1);
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
        NANOSECONDS.sleep(1);
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void futuresWithTimeoutFailsAFutureThatIsNotDoneAtExactlyTheTimeout(VirtualClock clock) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            SettableFuture<String> neverSet = SettableFuture.create();
            ListenableFuture<String> limited = Futures.withTimeout(neverSet, Duration.ofSeconds(3), scheduler);

            Throwable thrown = catchThrowable(limited::get);

            assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
            // Guava fails the returned future first, then cancels the input: the test may wake in between, so it
            // waits for the cancellation, which comes at the same virtual instant.
            assertThat(catchThrowable(neverSet::get)).isInstanceOf(CancellationException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
        } finally {
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A service that beats every 5 s after a 1 s initial delay, on the executor Guava creates for it. */
    private static final class Heartbeat extends AbstractScheduledService {
        final List<Duration> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final VirtualClock clock;

        Heartbeat(VirtualClock clock) {
            this.clock = clock;
        }

        @Override
        protected void runOneIteration() {
            beats.add(clock.elapsed());
        }

        @Override
        protected Scheduler scheduler() {
            return Scheduler.newFixedRateSchedule(Duration.ofSeconds(1), Duration.ofSeconds(5));
        }
    }

    @Test
    void anAbstractScheduledServiceRunsItsIterationsAtItsExactRateUntilStopped(VirtualClock clock) throws Exception {
        Heartbeat heartbeat = new Heartbeat(clock);
        heartbeat.startAsync().awaitRunning();

        Thread.sleep(18_000);
        heartbeat.stopAsync().awaitTerminated(Duration.ofSeconds(5));
        Thread.sleep(60_000); // stopped: no more beats

        assertThat(heartbeat.beats).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(6),
                Duration.ofSeconds(11), Duration.ofSeconds(16));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(78));
    }
}
