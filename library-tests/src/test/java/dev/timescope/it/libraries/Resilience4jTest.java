package dev.timescope.it.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resilience4j 2.4.0 retries, circuit breakers and time limiters keep their configured durations exactly on the
 * virtual clock, with their default mechanisms: {@code Retry} sleeps the calling thread ({@code Thread::sleep},
 * a method reference) or schedules its next attempt on a {@code ScheduledExecutorService};
 * {@code CircuitBreaker} reads {@code Clock.systemUTC()} and, with
 * {@code automaticTransitionFromOpenToHalfOpenEnabled}, schedules the transition on its process-wide
 * single-threaded scheduler ({@code SchedulerFactory}, thread "CircuitBreakerAutoTransitionThread", started by
 * the first test that opens such a breaker and shared by every later one); {@code TimeLimiter} waits with
 * {@code Future.get(timeout)} or schedules its timeout on the caller's {@code ScheduledExecutorService}.
 * virtual-time.md, section 2 (sleeps, timed waits, clock readings), section 1 ("Timer": scheduled tasks wherever
 * the scheduler was created) and section 3.1 (auto-advance).
 */
@VirtualTime
@Timeout(30) // a real-time safety net (virtual-time.md, section 5): a hang fails the test instead of the build
class Resilience4jTest {

    // ---------------------------------------------------------------- Retry

    @Test
    void retryWithAFixedWaitRetriesEveryTwoSeconds(VirtualClock clock) throws Exception {
        Retry retry = Retry.of("backend", RetryConfig.custom()
                .maxAttempts(4)
                .waitDuration(Duration.ofSeconds(2))
                .build());
        List<Duration> attempts = new CopyOnWriteArrayList<>();

        String result = retry.executeCallable(() -> {
            attempts.add(clock.elapsed());
            if (attempts.size() < 4) {
                throw new IOException("down");
            }
            return "up";
        });

        assertThat(result).isEqualTo("up");
        assertThat(attempts).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(6));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void retryWithExponentialBackoffWaitsHalfASecondThenDoublesAndFailsAfterTheLastAttempt(VirtualClock clock) {
        Retry retry = Retry.of("backend", RetryConfig.custom()
                .maxAttempts(5)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2.0))
                .build());
        List<Long> attemptsAtMillis = new CopyOnWriteArrayList<>();

        Throwable thrown = catchThrowable(() -> retry.executeCallable(() -> {
            attemptsAtMillis.add(clock.elapsed().toMillis());
            throw new IOException("still down");
        }));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessage("still down");
        assertThat(attemptsAtMillis).containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(7_500));
    }

    @Test
    void asyncRetrySchedulesEachAttemptOnTheGivenSchedulerAtTheExactBackoff(VirtualClock clock) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            Retry retry = Retry.of("backend", RetryConfig.custom()
                    .maxAttempts(4)
                    .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 3.0))
                    .build());
            List<Duration> attempts = new CopyOnWriteArrayList<>();

            String result = retry.executeCompletionStage(scheduler, () -> {
                attempts.add(clock.elapsed());
                return attempts.size() < 4
                        ? CompletableFuture.failedFuture(new IOException("down"))
                        : CompletableFuture.completedFuture("up");
            }).toCompletableFuture().get();

            assertThat(result).isEqualTo("up");
            assertThat(attempts).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(4),
                    Duration.ofSeconds(13));
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(13));
        } finally {
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
        }
    }

    // ---------------------------------------------------------------- CircuitBreaker

    private static CircuitBreakerConfig.Builder opensAfterTwoFailures(Duration waitInOpenState) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(1)
                .waitDurationInOpenState(waitInOpenState);
    }

    private static void failTwice(CircuitBreaker breaker) {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaker.executeCallable(() -> {
                throw new IOException("down");
            })).isInstanceOf(IOException.class);
        }
    }

    @Test
    void automaticTransitionMakesTheBreakerHalfOpenAtExactlyTheWaitDuration(VirtualClock clock) throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("backend", opensAfterTwoFailures(Duration.ofSeconds(30))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        List<String> transitions = new CopyOnWriteArrayList<>();
        AtomicReference<String> transitionThread = new AtomicReference<>();
        CountDownLatch halfOpen = new CountDownLatch(1);
        breaker.getEventPublisher().onStateTransition(event -> {
            transitions.add(event.getStateTransition().name() + " at " + clock.elapsed().toMillis() + " ms");
            if (event.getStateTransition() == CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN) {
                transitionThread.set(Thread.currentThread().getName());
                halfOpen.countDown();
            }
        });

        failTwice(breaker);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        Thread.sleep(29_999);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        halfOpen.await(); // no call is made: only the scheduled transition can make it half-open

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
        assertThat(transitions).containsExactly("CLOSED_TO_OPEN at 0 ms", "OPEN_TO_HALF_OPEN at 30000 ms");
        assertThat(transitionThread.get()).isEqualTo("CircuitBreakerAutoTransitionThread");
    }

    @Test
    void aFailedTrialCallReopensTheBreakerAndTheSharedSchedulerHalfOpensItAgainAfterTheWait(VirtualClock clock)
            throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("backend", opensAfterTwoFailures(Duration.ofMinutes(5))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        List<String> transitions = new CopyOnWriteArrayList<>();
        CountDownLatch halfOpenTwice = new CountDownLatch(2);
        CountDownLatch halfOpenOnce = new CountDownLatch(1);
        breaker.getEventPublisher().onStateTransition(event -> {
            transitions.add(event.getStateTransition().name() + " at " + clock.elapsed().toSeconds() + " s");
            if (event.getStateTransition() == CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN) {
                halfOpenOnce.countDown();
                halfOpenTwice.countDown();
            }
        });

        failTwice(breaker);
        halfOpenOnce.await();
        assertThatThrownBy(() -> breaker.executeCallable(() -> {
            throw new IOException("still down");
        })).isInstanceOf(IOException.class);
        halfOpenTwice.await();

        assertThat(transitions).containsExactly("CLOSED_TO_OPEN at 0 s", "OPEN_TO_HALF_OPEN at 300 s",
                "HALF_OPEN_TO_OPEN at 300 s", "OPEN_TO_HALF_OPEN at 600 s");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(10));
        assertThat(breaker.executeCallable(() -> "back")).isEqualTo("back");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void withoutAutomaticTransitionTheFirstCallAfterTheWaitIsLetThroughAsATrial(VirtualClock clock)
            throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("backend", opensAfterTwoFailures(Duration.ofSeconds(10)).build());
        failTwice(breaker);

        Thread.sleep(10_000); // exactly the wait: Resilience4j lets calls through only once it has passed
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        Thread.sleep(1);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(10_001));
        breaker.releasePermission();
    }

    // ---------------------------------------------------------------- TimeLimiter

    @Test
    void timeLimiterCancelsAFutureThatOutlivesItsTimeoutAtExactlyTheTimeout(VirtualClock clock) throws Exception {
        TimeLimiter limiter = TimeLimiter.of(TimeLimiterConfig.custom()
                .timeoutDuration(Duration.ofSeconds(2))
                .cancelRunningFuture(true)
                .build());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        AtomicReference<String> slowCallEnded = new AtomicReference<>();
        CountDownLatch slowCallDone = new CountDownLatch(1);
        try {
            Throwable thrown = catchThrowable(() -> limiter.executeFutureSupplier(() -> executor.submit(() -> {
                try {
                    Thread.sleep(10_000);
                    slowCallEnded.set("completed");
                } catch (InterruptedException e) {
                    slowCallEnded.set("interrupted at " + clock.elapsed().toMillis() + " ms");
                } finally {
                    slowCallDone.countDown();
                }
                return "late";
            })));

            assertThat(thrown).isInstanceOf(TimeoutException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
            slowCallDone.await();
            assertThat(slowCallEnded.get()).isEqualTo("interrupted at 2000 ms");
        } finally {
            executor.shutdown();
            assertThat(executor.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    /**
     * The completion-stage variant completes the caller's stage exceptionally from a task on the given scheduler.
     * It cannot stop the slow call itself (a {@code CompletableFuture} does not interrupt what computes it): that
     * call goes on in the common pool until its own end, 10 s in, and the test waits for it there rather than leave
     * it running.
     */
    @Test
    void timeLimiterCompletesACompletionStageWithATimeoutAtExactlyTheTimeout(VirtualClock clock) throws Exception {
        TimeLimiter limiter = TimeLimiter.of(Duration.ofMillis(2_500));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch slowCallDone = new CountDownLatch(1);
        AtomicReference<Duration> slowCallEndedAt = new AtomicReference<>();
        try {
            CompletableFuture<String> limited = limiter.executeCompletionStage(scheduler,
                    () -> CompletableFuture.supplyAsync(() -> {
                        try {
                            Thread.sleep(10_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        slowCallEndedAt.set(clock.elapsed());
                        slowCallDone.countDown();
                        return "late";
                    })).toCompletableFuture();

            Throwable thrown = catchThrowable(limited::join);

            assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(2_500));
            slowCallDone.await();
            assertThat(slowCallEndedAt.get()).isEqualTo(Duration.ofSeconds(10));
        } finally {
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The call is a {@code CompletableFuture.delayedExecutor} task; it reads the wall clock when it answers. */
    @Test
    void timeLimiterLetsACallThatEndsJustBeforeTheTimeoutThrough(VirtualClock clock) throws Exception {
        TimeLimiter limiter = TimeLimiter.of(Duration.ofSeconds(2));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            Instant start = Instant.now();
            String result = limiter.executeCompletionStage(scheduler, () -> CompletableFuture.supplyAsync(
                            () -> "fast, answered after " + Duration.between(start, Instant.now()).toMillis() + " ms",
                            CompletableFuture.delayedExecutor(1_999, TimeUnit.MILLISECONDS)))
                    .toCompletableFuture().get();

            assertThat(result).isEqualTo("fast, answered after 1999 ms");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1_999));
        } finally {
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
        }
    }
}
