package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * virtual-time.md, section 1, "Timer", and section 2's scheduling row: a task a member schedules with a delay is
 * a timer of its domain wherever the scheduler was created, and fires at virtual times, periodic ones included:
 * {@code ScheduledExecutorService}, {@code java.util.Timer}, {@code CompletableFuture}'s delays.
 */
class Section1ScheduledWorkTest {

    private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");

    /** Created outside every domain, as a library's shared scheduler is. */
    private static final ScheduledExecutorService SHARED = Executors.newScheduledThreadPool(1);
    private static final Timer SHARED_TIMER = new Timer("shared-timer", true);

    @Test
    void aSharedSchedulerFiresOnceAndAtAFixedRateAtVirtualTimes() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            List<Duration> ticks = new CopyOnWriteArrayList<>();
            ScheduledFuture<Duration> once = SHARED.schedule(clock::elapsed, 50, TimeUnit.MINUTES);
            ScheduledFuture<?> rate = SHARED.scheduleAtFixedRate(() -> ticks.add(clock.elapsed()), 0, 20,
                    TimeUnit.MINUTES);
            assertThat(once.get()).isEqualTo(Duration.ofMinutes(50));
            Thread.sleep(Duration.ofMinutes(15).toMillis());
            rate.cancel(false);
            assertThat(ticks).containsExactly(Duration.ZERO, Duration.ofMinutes(20), Duration.ofMinutes(40),
                    Duration.ofMinutes(60));
            assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(65)));
            assertThat(clock.pendingTimers()).isZero(); // cancelling takes the timer away at once
        }
    }

    @Test
    void aFixedDelayCountsFromTheEndOfEachRun() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            List<Duration> runs = new CopyOnWriteArrayList<>();
            ScheduledFuture<?> delay = SHARED.scheduleWithFixedDelay(() -> {
                runs.add(clock.elapsed());
                sleep(Duration.ofMinutes(5));
            }, 10, 25, TimeUnit.MINUTES);
            Thread.sleep(Duration.ofMinutes(75).toMillis());
            delay.cancel(false);
            assertThat(runs).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(40), Duration.ofMinutes(70));
        }
    }

    @Test
    void getDelayTellsTheVirtualDelayLeftAndCancelRemovesTheTimer() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ScheduledFuture<?> task = SHARED.schedule(() -> { }, 10, TimeUnit.MINUTES);
            assertThat(task.getDelay(TimeUnit.SECONDS)).isEqualTo(600);
            clock.advance(Duration.ofMinutes(4));
            assertThat(task.getDelay(TimeUnit.SECONDS)).isEqualTo(360);
            assertThat(clock.pendingTimers()).isEqualTo(1);
            assertThat(task.cancel(false)).isTrue();
            assertThat(clock.pendingTimers()).isZero();
            clock.runUntilIdle();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(4)); // nothing left to run until
        }
    }

    @Test
    void shutdownPoliciesAreKept() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ScheduledThreadPoolExecutor keeps = new ScheduledThreadPoolExecutor(1);
            ScheduledFuture<Duration> delayed = keeps.schedule(clock::elapsed, 3, TimeUnit.HOURS);
            ScheduledFuture<?> periodic = keeps.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
            keeps.shutdown(); // by default delayed tasks still run, periodic ones are cancelled
            assertThat(periodic.isCancelled()).isTrue();
            assertThat(keeps.awaitTermination(1, TimeUnit.DAYS)).isTrue();
            assertThat(delayed.get()).isEqualTo(Duration.ofHours(3));
            assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(3));

            ScheduledThreadPoolExecutor drops = new ScheduledThreadPoolExecutor(1);
            drops.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            ScheduledFuture<?> dropped = drops.schedule(() -> { }, 1, TimeUnit.HOURS);
            drops.shutdown();
            assertThat(dropped.isCancelled()).isTrue();
            assertThat(drops.awaitTermination(1, TimeUnit.DAYS)).isTrue();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(3)); // terminated at once: nothing to wait for
        }
    }

    @Test
    void aTimerAtAFixedRateOfOneSecondTicksAtEachVirtualSecond() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            List<Duration> ticks = new CopyOnWriteArrayList<>();
            List<Long> scheduled = new CopyOnWriteArrayList<>();
            TimerTask task = new TimerTask() {
                @Override
                public void run() {
                    ticks.add(clock.elapsed());
                    scheduled.add(scheduledExecutionTime());
                    if (ticks.size() == 10) {
                        cancel();
                    }
                }
            };
            SHARED_TIMER.scheduleAtFixedRate(task, 1_000, 1_000);
            Thread.sleep(Duration.ofSeconds(30).toMillis());
            List<Duration> expected = new ArrayList<>();
            List<Long> expectedTimes = new ArrayList<>();
            for (int s = 1; s <= 10; s++) {
                expected.add(Duration.ofSeconds(s));
                expectedTimes.add(START.plusSeconds(s).toEpochMilli());
            }
            assertThat(ticks).isEqualTo(expected);
            assertThat(scheduled).isEqualTo(expectedTimes);
        }
    }

    @Test
    void aTimerCreatedInTheDomainAtADateAndWithAFixedDelay() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            Timer timer = new Timer();
            List<Duration> runs = new CopyOnWriteArrayList<>();
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    runs.add(clock.elapsed());
                }
            }, Date.from(START.plus(Duration.ofDays(1))));
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    runs.add(clock.elapsed());
                    sleep(Duration.ofMinutes(1)); // a Timer's fixed delay counts from the start of each run
                    if (runs.size() >= 3) {
                        cancel();
                    }
                }
            }, Duration.ofHours(1).toMillis(), Duration.ofHours(1).toMillis());
            Thread.sleep(Duration.ofDays(2).toMillis());
            assertThat(runs).containsExactly(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
                    Duration.ofDays(1));
            timer.cancel();
        }
    }

    @Test
    void orTimeoutFailsAtExactlyItsTimeoutAndCompleteOnTimeoutCompletesThen() {
        try (VirtualClock clock = VirtualClock.start()) {
            CompletableFuture<String> never = new CompletableFuture<String>().orTimeout(5, TimeUnit.SECONDS);
            assertThatThrownBy(never::join).hasCauseInstanceOf(TimeoutException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));

            assertThat(new CompletableFuture<String>().completeOnTimeout("fallback", 3, TimeUnit.SECONDS).join())
                    .isEqualTo("fallback");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(8));

            CompletableFuture<String> inTime = new CompletableFuture<String>().orTimeout(1, TimeUnit.DAYS);
            inTime.complete("done"); // its timeout is cancelled with it
            assertThat(clock.pendingTimers()).isZero();
        }
    }

    @Test
    void delayedExecutorRunsTheTaskAfterItsVirtualDelay() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            CompletableFuture<Duration> later = CompletableFuture.supplyAsync(clock::elapsed,
                    CompletableFuture.delayedExecutor(90, TimeUnit.SECONDS));
            assertThat(later.get()).isEqualTo(Duration.ofSeconds(90));
            CompletableFuture<Duration> onShared = CompletableFuture.supplyAsync(clock::elapsed,
                    CompletableFuture.delayedExecutor(10, TimeUnit.SECONDS, SHARED));
            assertThat(onShared.get()).isEqualTo(Duration.ofSeconds(100));
        }
    }

    @Test
    void aScheduledTaskCanBeWaitedForWithATimeout() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ScheduledFuture<String> late = SHARED.schedule(() -> "late", 2, TimeUnit.MINUTES);
            assertThatThrownBy(() -> late.get(1, TimeUnit.MINUTES)).isInstanceOf(TimeoutException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(1));
            assertThat(late.get(1, TimeUnit.HOURS)).isEqualTo("late");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(2));
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
