package dev.timescope.it.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.Cancellation;
import dev.timescope.PeriodicTimer;
import dev.timescope.PeriodicTimer.DelayPolicy;
import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import dev.timescope.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** aiotools' tests/test_timer.py (create_timer), in virtual time. */
@VirtualTime
class PeriodicTimerTest {

    private final AtomicInteger spawned = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();

    /** Runs {@code timer} for {@code millis} of virtual time, then stops it. */
    private Task<Void> runFor(PeriodicTimer timer, long millis) throws Exception {
        try (TaskScope scope = TaskScope.open()) {
            Task<Void> task = scope.fork("timer", timer);
            Thread.sleep(millis);
            Cancellation.cancelAndWait(task);
            return task;
        }
    }

    /** A tick that takes {@code millis}, counted. */
    private PeriodicTimer.Tick delayed(long millis) {
        return index -> {
            spawned.incrementAndGet();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                cancelled.incrementAndGet();
                throw e;
            }
            done.incrementAndGet();
        };
    }

    /** test_timer: 0.1 s over 0.22 s gives 3 ticks, with either policy; the first fires at once. */
    @ParameterizedTest
    @EnumSource(DelayPolicy.class)
    void timer(DelayPolicy policy, VirtualClock clock) throws Exception {
        AtomicInteger count = new AtomicInteger();
        Task<Void> timer = runFor(PeriodicTimer.every(Duration.ofMillis(100), policy, index -> {
            if (index == 0) {
                assertThat(clock.elapsed()).isZero();
            }
            count.incrementAndGet();
        }), 220);
        assertThat(count).hasValue(3);
        assertThat(timer.isCancelled()).isTrue();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(220));
    }

    /** test_timer_unhandled_tick_exception: a failing tick is logged and the timer goes on. */
    @Test
    void timerUnhandledTickException() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        try (LogCapture log = LogCapture.start()) {
            try (TaskScope scope = TaskScope.open()) {
                Task<Void> timer = scope.fork(PeriodicTimer.every(Duration.ofSeconds(1), index -> {
                    ticks.incrementAndGet();
                    Thread.sleep(100);
                    throw new ArithmeticException("tick " + index);
                }));
                Thread.sleep(4_500);
                assertThat(ticks).hasValue(5);
                assertThat(timer.isDone()).as("the timer is still running").isFalse();
                Cancellation.cancelAndWait(timer);
            }
            assertThat(log.records()).hasSize(5).allSatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(r.getMessage()).matches("task tick-\\d \\(#\\d+\\) of scope timer failed");
            }).extracting(r -> r.getThrown().getMessage())
                    .containsExactly("tick 0", "tick 1", "tick 2", "tick 3", "tick 4");
        }
    }

    /** test_timer_leak_default: slow ticks overlap, and stopping the timer cancels those still running. */
    @Test
    void timerLeakDefault() throws Exception {
        runFor(PeriodicTimer.every(Duration.ofSeconds(1), delayed(5_000)), 9_900);
        assertThat(spawned).hasValue(10);
        assertThat(done).hasValue(5);
        assertThat(cancelled).hasValue(5);
    }

    /** test_timer_leak_cancel: each tick cancels the previous one. (95 ms, not 100: no tie with the 10th slot.) */
    @Test
    void timerLeakCancel() throws Exception {
        runFor(PeriodicTimer.every(Duration.ofMillis(10), DelayPolicy.CANCEL, delayed(1_000)), 95);
        assertThat(spawned).hasValue(10);
        assertThat(cancelled).hasValue(10);
        assertThat(done).hasValue(0);
    }

    /** test_timer_leak_nocancel: ticks that end in time are never cancelled. */
    @Test
    void timerLeakNocancel() throws Exception {
        runFor(PeriodicTimer.every(Duration.ofMillis(10), DelayPolicy.CANCEL, delayed(0)), 96);
        assertThat(spawned).hasValue(10);
        assertThat(cancelled).hasValue(0);
        assertThat(done).hasValue(10);
    }

    /** test_timer_stuck_forever (aiotools#69): a timer far in the future of the epoch still ticks. */
    @Test
    @dev.timescope.junit.VirtualTime(start = "2024-03-04T22:29:25Z")
    void timerStuckForever() throws Exception {
        AtomicInteger count = new AtomicInteger();
        runFor(PeriodicTimer.every(Duration.ofMillis(100), index -> count.incrementAndGet()), 220);
        assertThat(count).hasValue(3);
    }
}
