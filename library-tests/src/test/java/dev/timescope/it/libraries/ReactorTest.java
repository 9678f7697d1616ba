package dev.timescope.it.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Reactor 3.8.8 operators that take time ({@code Mono.delay}, {@code Flux.interval}, {@code timeout},
 * {@code retryWhen(Retry.backoff(...))}), on Reactor's shared default schedulers, exactly as an application uses
 * them: no {@code StepVerifier.withVirtualTime}, no {@code VirtualTimeScheduler}. Their delays are tasks of
 * {@code Schedulers.parallel()}, a process-wide scheduler backed by {@code ScheduledThreadPoolExecutor}s that the
 * first test to use it starts lazily and every later test shares: scheduled tasks are timers of the domain that
 * scheduled them wherever the executor was created (virtual-time.md, section 1, "Timer"), the pool's threads are
 * never members and so never leaks (section 1, "Member"; section 4, "Leak"), and the clock jumps to each delay
 * while the test blocks in {@code block()} (section 3.1), or when the test moves it by hand with
 * {@code advance} and {@code runUntilIdle} (section 3.2).
 *
 * <p>The first two tests run first and in order: the first starts the shared parallel scheduler, the second must
 * be exactly as exact on the scheduler the first one left behind. The next two do the same with
 * {@code Schedulers.boundedElastic()}. Other tests use schedulers created in {@code @BeforeAll}, outside every
 * test's domain.
 */
@VirtualTime
@Timeout(30) // a real-time safety net (virtual-time.md, section 5): a hang fails the test instead of the build
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReactorTest {

    /** Schedulers an application creates once, outside every test's domain. */
    private static Scheduler sharedSingle;
    private static Scheduler sharedElastic;

    @BeforeAll
    static void createSharedSchedulers() {
        sharedSingle = Schedulers.newSingle("shared-single");
        sharedElastic = Schedulers.newBoundedElastic(4, 100, "shared-elastic");
    }

    @AfterAll
    static void disposeSharedSchedulers() {
        sharedSingle.dispose();
        sharedElastic.dispose();
    }

    @Test
    @Order(1)
    void monoDelayOfAnHourEndsAtExactlyAnHourInTheTestThatStartsTheSharedScheduler(VirtualClock clock) {
        AtomicReference<String> emittedOn = new AtomicReference<>();
        AtomicReference<Duration> emittedAt = new AtomicReference<>();
        Long tick = Mono.delay(Duration.ofHours(1))
                .doOnNext(t -> {
                    emittedOn.set(Thread.currentThread().getName());
                    emittedAt.set(clock.elapsed());
                })
                .block();

        assertThat(tick).isZero();
        assertThat(emittedOn.get()).startsWith("parallel-");
        assertThat(emittedAt.get()).isEqualTo(Duration.ofHours(1));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    @Order(2)
    void monoDelayOfAnHourIsAsExactInTheNextTestOnTheSchedulerTheFirstLeftBehind(VirtualClock clock) {
        AtomicReference<Duration> emittedAt = new AtomicReference<>();
        Long tick = Mono.delay(Duration.ofHours(1)).doOnNext(t -> emittedAt.set(clock.elapsed())).block();

        assertThat(tick).isZero();
        assertThat(emittedAt.get()).isEqualTo(Duration.ofHours(1));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1));
    }

    /**
     * Starting {@code Schedulers.boundedElastic()} makes Reactor schedule its evictor, a periodic task
     * ({@code scheduleAtFixedRate}, every 60 s, from {@code BoundedElasticScheduler.init}) that lives as long as
     * the process-wide scheduler. It is the library's housekeeping, not something this test started and could
     * stop: the test must neither fail as leaking it nor end it for the tests that follow.
     */
    @Test
    @Order(3)
    void blockingWorkOnBoundedElasticSleepsInVirtualTimeInTheTestThatStartsTheScheduler(VirtualClock clock) {
        AtomicReference<String> ranOn = new AtomicReference<>();
        String value = Mono.fromCallable(() -> {
                    ranOn.set(Thread.currentThread().getName());
                    Thread.sleep(Duration.ofMinutes(2).toMillis()); // a blocking call, where Reactor says to put it
                    return "done@" + clock.elapsed().toSeconds() + "s";
                })
                .subscribeOn(Schedulers.boundedElastic())
                .block();

        assertThat(value).isEqualTo("done@120s");
        assertThat(ranOn.get()).startsWith("boundedElastic-");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    @Order(4)
    void blockingWorkOnBoundedElasticIsAsExactInTheNextTest(VirtualClock clock) {
        List<String> values = Flux.range(1, 3)
                .flatMap(i -> Mono.fromCallable(() -> {
                    Thread.sleep(i * 1_000L);
                    return i + "@" + clock.elapsed().toMillis();
                }).subscribeOn(Schedulers.boundedElastic()))
                .collectList()
                .block();

        assertThat(values).containsExactly("1@1000", "2@2000", "3@3000");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void publishOnBoundedElasticAfterADelayKeepsTheExactTime(VirtualClock clock) {
        String value = Mono.delay(Duration.ofSeconds(30))
                .publishOn(Schedulers.boundedElastic())
                .map(t -> {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        throw Exceptions.propagate(e);
                    }
                    return "at " + clock.elapsed().toMillis() + " ms on " + Thread.currentThread().getName();
                })
                .block();

        assertThat(value).startsWith("at 30500 ms on boundedElastic-");
    }

    @Test
    void blockWithATimeoutGivesUpAtExactlyThatTimeout(VirtualClock clock) {
        Throwable thrown = catchThrowable(() -> Mono.never().block(Duration.ofSeconds(3)));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("Timeout on blocking read");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void monoDelayOnASchedulerCreatedInBeforeAllIsExact(VirtualClock clock) {
        String value = Mono.delay(Duration.ofMinutes(10), sharedSingle)
                .map(t -> "at " + clock.elapsed().toMinutes() + " min on " + Thread.currentThread().getName())
                .block();

        assertThat(value).startsWith("at 10 min on shared-single-");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void fluxIntervalOnASchedulerCreatedInBeforeAllTicksAtExactTimes(VirtualClock clock) {
        List<Long> ticksAtSeconds = Flux.interval(Duration.ofSeconds(3), sharedSingle)
                .take(4)
                .map(i -> clock.elapsed().toSeconds())
                .collectList()
                .block();

        assertThat(ticksAtSeconds).containsExactly(3L, 6L, 9L, 12L);
    }

    @Test
    void blockingWorkOnABoundedElasticCreatedInBeforeAllSleepsInVirtualTime(VirtualClock clock) {
        List<String> values = Flux.range(1, 3)
                .flatMap(i -> Mono.fromCallable(() -> {
                    Thread.sleep(i * 10_000L);
                    return i + "@" + clock.elapsed().toSeconds() + "s";
                }).subscribeOn(sharedElastic))
                .collectList()
                .block();

        assertThat(values).containsExactly("1@10s", "2@20s", "3@30s");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void monoDelayOnTheSharedSingleSchedulerIsExact(VirtualClock clock) {
        String value = Mono.delay(Duration.ofDays(1), Schedulers.single())
                .map(t -> "at " + clock.elapsed().toHours() + " h on " + Thread.currentThread().getName())
                .block();

        assertThat(value).startsWith("at 24 h on single-");
    }

    @Test
    @VirtualTime(autoAdvance = false)
    void withManualTimeAMonoDelayEmitsWhenTheTestAdvancesTheClockToItsDeadline(VirtualClock clock) {
        AtomicReference<String> emitted = new AtomicReference<>();
        Disposable subscription = Mono.delay(Duration.ofHours(1))
                .subscribe(t -> emitted.set("at " + clock.elapsed().toMinutes() + " min"));

        clock.advance(Duration.ofMinutes(59));
        assertThat(emitted.get()).isNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(emitted.get()).isEqualTo("at 60 min");
        subscription.dispose();
    }

    @Test
    @VirtualTime(autoAdvance = false)
    void withManualTimeRunUntilIdleDrainsAFiniteInterval(VirtualClock clock) {
        List<String> ticks = new CopyOnWriteArrayList<>();
        Disposable subscription = Flux.interval(Duration.ofSeconds(2))
                .take(3)
                .subscribe(i -> ticks.add(i + "@" + clock.elapsed().toSeconds() + "s"));

        clock.runUntilIdle();

        assertThat(ticks).containsExactly("0@2s", "1@4s", "2@6s");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(6));
        subscription.dispose();
    }

    @Test
    void fluxIntervalTicksAtExactMultiplesOfItsPeriod(VirtualClock clock) {
        List<Duration> ticks = Flux.interval(Duration.ofSeconds(1))
                .take(5)
                .map(i -> clock.elapsed())
                .collectList()
                .block();

        assertThat(ticks).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4), Duration.ofSeconds(5));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void fluxIntervalWithAnInitialDelayStartsAfterItThenKeepsItsPeriod(VirtualClock clock) {
        List<String> ticks = Flux.interval(Duration.ofMillis(250), Duration.ofMinutes(1))
                .take(3)
                .map(i -> i + "@" + clock.elapsed().toMillis())
                .collectList()
                .block();

        assertThat(ticks).containsExactly("0@250", "1@60250", "2@120250");
    }

    @Test
    void aSubscribedIntervalTicksWhileTheTestSleepsAndStopsWhenDisposed(VirtualClock clock) throws Exception {
        List<String> ticks = new CopyOnWriteArrayList<>();
        Disposable subscription = Flux.interval(Duration.ofSeconds(10))
                .subscribe(i -> ticks.add(i + "@" + clock.elapsed().toSeconds() + "s"));

        Thread.sleep(35_000);
        subscription.dispose();
        Thread.sleep(60_000); // nothing ticks any more

        assertThat(ticks).containsExactly("0@10s", "1@20s", "2@30s");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(95));
    }

    @Test
    void timeoutFiresAtExactlyItsDuration(VirtualClock clock) {
        Throwable thrown = catchThrowable(() -> Mono.delay(Duration.ofMinutes(1))
                .timeout(Duration.ofSeconds(5))
                .block());

        assertThat(Exceptions.unwrap(thrown)).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("within 5000ms");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void timeoutSwitchesToTheFallbackAtExactlyItsDuration(VirtualClock clock) {
        String value = Mono.<String>never()
                .timeout(Duration.ofMillis(1500), Mono.fromSupplier(() -> "fallback@" + clock.elapsed().toMillis()))
                .block();

        assertThat(value).isEqualTo("fallback@1500");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void anItemBeforeTheTimeoutWinsAndTheTimeoutNeverFires(VirtualClock clock) {
        String value = Mono.just("fast")
                .delayElement(Duration.ofMillis(4999))
                .timeout(Duration.ofSeconds(5))
                .block();

        assertThat(value).isEqualTo("fast");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(4999));
    }

    @Test
    void retryBackoffWithoutJitterRetriesAfterOneTwoAndFourSeconds(VirtualClock clock) {
        List<Duration> attempts = new CopyOnWriteArrayList<>();
        String result = Mono.defer(() -> {
                    attempts.add(clock.elapsed());
                    return attempts.size() < 4 ? Mono.error(new IOException("down")) : Mono.just("up");
                })
                .retryWhen(Retry.backoff(3, Duration.ofSeconds(1)).jitter(0))
                .block();

        assertThat(result).isEqualTo("up");
        assertThat(attempts).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(7));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryBackoffGivesUpAfterItsLastBackoffAndCapsAtMaxBackoff(VirtualClock clock) {
        AtomicInteger attempts = new AtomicInteger();
        Throwable thrown = catchThrowable(() -> Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return Mono.error(new IOException("down"));
                })
                .retryWhen(Retry.backoff(5, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(5)).jitter(0))
                .block());

        assertThat(Exceptions.isRetryExhausted(thrown)).isTrue();
        assertThat(thrown).hasMessageContaining("Retries exhausted: 5/5").hasRootCauseInstanceOf(IOException.class);
        assertThat(attempts.get()).isEqualTo(6);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1 + 2 + 4 + 5 + 5));
    }
}
