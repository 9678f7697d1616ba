package dev.timescope.it.libraries;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Failsafe 3.3.2 timeouts and retry delays, with Failsafe's own default scheduler: a process-wide
 * {@code ScheduledThreadPoolExecutor} ("FailsafeDelayScheduler", created lazily by the first test that needs it)
 * that hands due work to the common {@code ForkJoinPool}, or to a {@code ForkJoinPool(2)} of Failsafe's own when
 * the common pool's parallelism is 1. A {@code Timeout} is a task on that scheduler (section 1, "Timer"), which
 * with {@code withInterrupt()} interrupts the execution at exactly its duration; synchronous retries sleep the
 * calling thread ({@code Thread.sleep}, section 2); asynchronous ones are scheduled. Failsafe's rate limiter sleeps
 * ({@code TimeUnit.sleep}), its circuit breaker reads {@code System.nanoTime()} and its bulkhead waits for a permit
 * with {@code Future.get(timeout)}. virtual-time.md, sections 1, 2
 * and 3.1.
 */
@VirtualTime
@org.junit.jupiter.api.Timeout(30) // a real-time safety net (virtual-time.md, section 5): a hang fails the test instead of the build
class FailsafeTest {

    @Test
    void aTimeoutWithInterruptStopsASlowSupplierAtExactlyItsDuration(VirtualClock clock) {
        Timeout<String> timeout = Timeout.<String>builder(Duration.ofSeconds(1)).withInterrupt().build();
        AtomicReference<String> supplierSaw = new AtomicReference<>();

        Throwable thrown = catchThrowable(() -> Failsafe.with(timeout).get(() -> {
            try {
                Thread.sleep(5_000);
                return "late";
            } catch (InterruptedException e) {
                supplierSaw.set("interrupted at " + clock.elapsed().toMillis() + " ms");
                throw e;
            }
        }));

        assertThat(thrown).isInstanceOf(TimeoutExceededException.class);
        assertThat(supplierSaw.get()).isEqualTo("interrupted at 1000 ms");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Thread.interrupted()).as("Failsafe clears the interrupt it caused").isFalse();
    }

    /** Without {@code withInterrupt()} Failsafe lets the supplier finish, then reports the timeout. */
    @Test
    void aTimeoutWithoutInterruptFailsTheExecutionWhenTheSlowSupplierReturns(VirtualClock clock) {
        Timeout<String> timeout = Timeout.of(Duration.ofSeconds(1));

        Throwable thrown = catchThrowable(() -> Failsafe.with(timeout).get(() -> {
            Thread.sleep(5_000);
            return "late";
        }));

        assertThat(thrown).isInstanceOf(TimeoutExceededException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSupplierFasterThanTheTimeoutReturnsItsValue(VirtualClock clock) {
        Timeout<String> timeout = Timeout.<String>builder(Duration.ofSeconds(1)).withInterrupt().build();

        String value = Failsafe.with(timeout).get(() -> {
            Thread.sleep(999);
            return "fast";
        });

        assertThat(value).isEqualTo("fast");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(999));
    }

    @Test
    void anAsyncTimeoutFailsTheFutureAtExactlyItsDuration(VirtualClock clock) throws Exception {
        Timeout<String> timeout = Timeout.<String>builder(Duration.ofMillis(1_500)).withInterrupt().build();
        CountDownLatch supplierDone = new CountDownLatch(1);
        AtomicReference<String> supplierSaw = new AtomicReference<>();

        CompletableFuture<String> future = Failsafe.with(timeout).getAsync(() -> {
            try {
                Thread.sleep(5_000);
                supplierSaw.set("completed");
                return "late";
            } catch (InterruptedException e) {
                supplierSaw.set("interrupted at " + clock.elapsed().toMillis() + " ms");
                throw e;
            } finally {
                supplierDone.countDown();
            }
        });
        Throwable thrown = catchThrowable(future::get);

        assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutExceededException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1_500));
        supplierDone.await();
        assertThat(supplierSaw.get()).isEqualTo("interrupted at 1500 ms");
    }

    @Test
    void aRetryPolicyWithADelayRetriesEveryTwoSeconds(VirtualClock clock) {
        RetryPolicy<String> retryPolicy = RetryPolicy.<String>builder()
                .handle(IOException.class)
                .withDelay(Duration.ofSeconds(2))
                .withMaxRetries(3)
                .build();
        List<Duration> attempts = new CopyOnWriteArrayList<>();

        String value = Failsafe.with(retryPolicy).get(() -> {
            attempts.add(clock.elapsed());
            if (attempts.size() < 4) {
                throw new IOException("down");
            }
            return "up";
        });

        assertThat(value).isEqualTo("up");
        assertThat(attempts).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(6));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aRetryPolicyWithBackoffDoublesItsDelayUpToTheMaximumThenGivesUp(VirtualClock clock) {
        RetryPolicy<String> retryPolicy = RetryPolicy.<String>builder()
                .handle(IOException.class)
                .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
                .withMaxRetries(4)
                .build();
        List<Long> attemptsAtSeconds = new CopyOnWriteArrayList<>();

        Throwable thrown = catchThrowable(() -> Failsafe.with(retryPolicy).get(() -> {
            attemptsAtSeconds.add(clock.elapsed().toSeconds());
            throw new IOException("down");
        }));

        assertThat(thrown).hasCauseInstanceOf(IOException.class);
        assertThat(attemptsAtSeconds).containsExactly(0L, 1L, 3L, 7L, 12L);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void anAsyncRetryPolicySchedulesEachAttemptAfterItsDelay(VirtualClock clock) throws Exception {
        RetryPolicy<String> retryPolicy = RetryPolicy.<String>builder()
                .handle(IOException.class)
                .withDelay(Duration.ofMillis(750))
                .withMaxRetries(3)
                .build();
        List<Duration> attempts = new CopyOnWriteArrayList<>();

        String value = Failsafe.with(retryPolicy).getAsync(() -> {
            attempts.add(clock.elapsed());
            if (attempts.size() < 4) {
                throw new IOException("down");
            }
            return "up";
        }).get();

        assertThat(value).isEqualTo("up");
        assertThat(attempts).containsExactly(Duration.ZERO, Duration.ofMillis(750), Duration.ofMillis(1_500),
                Duration.ofMillis(2_250));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(2_250));
    }

    @Test
    void aTimeoutAroundRetriesBoundsTheWholeExecution(VirtualClock clock) {
        RetryPolicy<String> retryPolicy = RetryPolicy.<String>builder()
                .handle(IOException.class)
                .withDelay(Duration.ofSeconds(2))
                .withMaxRetries(10)
                .build();
        Timeout<String> timeout = Timeout.<String>builder(Duration.ofSeconds(5)).withInterrupt().build();
        List<Duration> attempts = new CopyOnWriteArrayList<>();

        Throwable thrown = catchThrowable(() -> Failsafe.with(timeout).compose(retryPolicy).get(() -> {
            attempts.add(clock.elapsed());
            throw new IOException("down");
        }));

        assertThat(thrown).isInstanceOf(TimeoutExceededException.class);
        assertThat(attempts).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSmoothRateLimiterLetsOneExecutionThroughPerInterval(VirtualClock clock) {
        RateLimiter<String> limiter = RateLimiter.<String>smoothBuilder(Duration.ofMillis(100))
                .withMaxWaitTime(Duration.ofSeconds(1))
                .build();
        List<Long> ranAtMillis = new CopyOnWriteArrayList<>();

        for (int i = 0; i < 5; i++) {
            Failsafe.with(limiter).run(() -> ranAtMillis.add(clock.elapsed().toMillis()));
        }

        assertThat(ranAtMillis).containsExactly(0L, 100L, 200L, 300L, 400L);
    }

    @Test
    void aCircuitBreakerLetsATrialThroughOnceItsDelayHasPassed(VirtualClock clock) throws Exception {
        AtomicReference<Duration> halfOpenAt = new AtomicReference<>();
        CircuitBreaker<String> breaker = CircuitBreaker.<String>builder()
                .handle(IOException.class)
                .withFailureThreshold(2)
                .withDelay(Duration.ofSeconds(30))
                .onHalfOpen(event -> halfOpenAt.set(clock.elapsed()))
                .build();
        for (int i = 0; i < 2; i++) {
            catchThrowable(() -> Failsafe.with(breaker).get(() -> {
                throw new IOException("down");
            }));
        }
        assertThat(breaker.isOpen()).isTrue();

        NANOSECONDS.sleep(Duration.ofSeconds(30).toNanos() - 1);
        assertThat(breaker.getRemainingDelay()).isEqualTo(Duration.ofNanos(1));
        assertThat(catchThrowable(() -> Failsafe.with(breaker).get(() -> "too early")))
                .isInstanceOf(CircuitBreakerOpenException.class);
        NANOSECONDS.sleep(1);
        assertThat(Failsafe.with(breaker).get(() -> "trial")).isEqualTo("trial");
        assertThat(halfOpenAt.get()).isEqualTo(Duration.ofSeconds(30));
        assertThat(breaker.isClosed()).isTrue(); // the successful trial closed it
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFullBulkheadRejectsAWaitingExecutionAtExactlyItsMaxWaitTime(VirtualClock clock) throws Exception {
        Bulkhead<String> bulkhead = Bulkhead.<String>builder(1).withMaxWaitTime(Duration.ofSeconds(2)).build();
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> Failsafe.with(bulkhead).run(() -> {
            holding.countDown();
            Thread.sleep(5_000);
        }), "holder");
        holder.start();
        holding.await();

        Throwable thrown = catchThrowable(() -> Failsafe.with(bulkhead).get(() -> "second"));

        assertThat(thrown).isInstanceOf(BulkheadFullException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
        holder.join();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBulkheadWaiterGetsThePermitTheMomentItIsReleased(VirtualClock clock) throws Exception {
        Bulkhead<String> bulkhead = Bulkhead.<String>builder(1).withMaxWaitTime(Duration.ofSeconds(10)).build();
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> Failsafe.with(bulkhead).run(() -> {
            holding.countDown();
            Thread.sleep(3_000);
        }), "holder");
        holder.start();
        holding.await();

        String value = Failsafe.with(bulkhead).get(() -> "second at " + clock.elapsed().toMillis() + " ms");

        assertThat(value).isEqualTo("second at 3000 ms");
        holder.join();
    }
}
