package dev.timescope.it.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.FibonacciPollInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Awaitility 4.3.0 polls a condition at exact virtual instants. Awaitility sleeps the test's thread between polls
 * ({@code Thread.sleep} via its {@code sleepUninterruptibly}), evaluates the condition on a single-thread executor
 * it creates for each {@code await} ("awaitility-thread": work handed to a pool, section 1) with
 * {@code Future.get(timeout)} (section 2) and measures its budget with {@code System.nanoTime()}. With the default
 * fixed poll interval of 100 ms the first poll comes after a poll delay equal to the interval, so an {@code await}
 * started at 0 polls at 100 ms, 200 ms, ... and returns at the first poll at or after the moment the condition
 * became true; it gives up once its polls have used {@code atMost}. virtual-time.md, sections 1, 2 and 3.1.
 */
@VirtualTime
@Timeout(30) // a real-time safety net (virtual-time.md, section 5): a hang fails the test instead of the build
class AwaitilityTest {

    private static Thread setAfter(Duration delay, AtomicBoolean flag) {
        Thread setter = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
                flag.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "setter");
        setter.start();
        return setter;
    }

    @Test
    void awaitReturnsAtTheFirstDefaultPollAfterAnotherThreadSetTheCondition(VirtualClock clock) throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        Thread setter = setAfter(Duration.ofMillis(250), ready);

        await().atMost(Duration.ofSeconds(5)).untilTrue(ready);

        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(300)); // polls at 100, 200, 300 ms
        setter.join();
    }

    @Test
    void awaitWithAPollIntervalReturnsAtTheFirstPollOfThatInterval(VirtualClock clock) throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        Thread setter = setAfter(Duration.ofMillis(250), ready);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(40)).untilTrue(ready);

        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(280)); // polls at 40, 80, ..., 240, 280 ms
        setter.join();
    }

    @Test
    void awaitWithoutPollDelayPollsAtOnceThenEveryInterval(VirtualClock clock) throws Exception {
        AtomicInteger polls = new AtomicInteger();
        AtomicBoolean ready = new AtomicBoolean();
        Thread setter = setAfter(Duration.ofSeconds(2), ready);

        await().atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    polls.incrementAndGet();
                    return ready.get();
                });

        // polls at 0, 0.5, 1, 1.5 s see false; the poll at 2 s races the setter waking at 2 s, so the condition
        // is seen true at 2 s or, at the latest, at 2.5 s. The tightest honest bound:
        assertThat(clock.elapsed()).isIn(Duration.ofSeconds(2), Duration.ofMillis(2_500));
        assertThat(polls.get()).isEqualTo(clock.elapsed().toMillis() / 500 + 1);
        setter.join();
    }

    @Test
    void awaitThrowsConditionTimeoutExceptionAtExactlyAtMost(VirtualClock clock) {
        Throwable thrown = catchThrowable(() -> await().atMost(Duration.ofSeconds(2)).until(() -> false));

        assertThat(thrown).isInstanceOf(ConditionTimeoutException.class).hasMessageContaining("within 2 seconds");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    /**
     * Awaitility checks its budget after each poll interval: with an {@code atMost} that is not a multiple of the
     * interval it gives up at the end of the interval that crossed it (here at 1.1 s, not 1.05 s). Real-time
     * Awaitility does the same, up to scheduling noise; on the virtual clock it is exact.
     */
    @Test
    void awaitGivesUpAtTheEndOfThePollIntervalThatCrossesAtMost(VirtualClock clock) {
        Throwable thrown = catchThrowable(() -> await().atMost(Duration.ofMillis(1_050)).until(() -> false));

        assertThat(thrown).isInstanceOf(ConditionTimeoutException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1_100));
    }

    @Test
    void awaitDuringHoldsTheConditionForItsWholeDurationFirst(VirtualClock clock) {
        AtomicBoolean healthy = new AtomicBoolean(true);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilTrue(healthy);

        // during: the condition must hold on every poll for 3 s from the first poll that saw it true (at 100 ms)
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(3_100));
    }

    @Test
    void awaitPollingInTheTestThreadReturnsAtTheSameExactPoll(VirtualClock clock) throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        Thread setter = setAfter(Duration.ofMillis(250), ready);

        await().pollInSameThread().atMost(Duration.ofSeconds(5)).untilTrue(ready);

        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(300));
        setter.join();
    }

    @Test
    void awaitWithAFibonacciPollIntervalPollsAtTheSumsOfTheSequence(VirtualClock clock) throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        Thread setter = setAfter(Duration.ofMillis(3_500), ready);

        // a non-fixed poll interval has no poll delay: polls at 0 s, then 1, 1, 2, 3, ... s apart (0, 1, 2, 4, 7 s)
        await().atMost(Duration.ofSeconds(30)).pollInterval(FibonacciPollInterval.fibonacci(TimeUnit.SECONDS))
                .untilTrue(ready);

        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(4));
        setter.join();
    }
}
