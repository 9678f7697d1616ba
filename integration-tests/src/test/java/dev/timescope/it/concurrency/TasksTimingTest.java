package dev.timescope.it.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.ScopeTimeoutException;
import dev.timescope.Task;
import dev.timescope.Tasks;
import dev.timescope.Timeouts;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** aiotools' race, gather_safe and as_completed_safe tests with their timings, in virtual time. */
@VirtualTime
class TasksTimingTest {

    private final AtomicInteger executed = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();

    private Callable<Integer> job(long millis, int result) {
        return () -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                cancelled.incrementAndGet();
                throw e;
            }
            executed.incrementAndGet();
            return result;
        };
    }

    private Callable<Integer> failJob(long millis) {
        return () -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                cancelled.incrementAndGet();
                throw e;
            }
            throw new ZeroDivisionException();
        };
    }

    /** Python's ZeroDivisionError, for the ported tests. */
    private static final class ZeroDivisionException extends ArithmeticException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void raceWinsAtTheFirstSuccessAndCancelsTheRest(VirtualClock clock) throws Exception {
        int winner = Tasks.race(List.of(job(300, 3), job(100, 1), job(200, 2)));
        assertThat(winner).isEqualTo(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(100));
        assertThat(cancelled).hasValue(2);
    }

    /** test_race_partial_failure: the first failure, at 0.1 s, ends the race. */
    @Test
    void racePartialFailure(VirtualClock clock) {
        assertThatThrownBy(() -> Tasks.race(List.of(job(200, 2), failJob(100), job(300, 3))))
                .isInstanceOf(ZeroDivisionException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(100));
        assertThat(cancelled).hasValue(2);
    }

    /** test_race_continue_on_error: the failure is skipped, the next success wins. */
    @Test
    void raceContinueOnError(VirtualClock clock) throws Exception {
        assertThat(Tasks.race(List.of(job(200, 2), failJob(100), job(300, 3)), true)).isEqualTo(2);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(200));
        assertThat(cancelled).hasValue(1);
    }

    /** test_gather_safe_partial_failure. */
    @Test
    void gatherSafePartialFailure(VirtualClock clock) throws Exception {
        List<Task<Integer>> outcomes = Tasks.gatherSafe(List.of(job(100, 1), failJob(200), job(300, 3)));
        assertThat(outcomes).extracting(Task::status)
                .containsExactly(Task.Status.SUCCESS, Task.Status.FAILED, Task.Status.SUCCESS);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(300));
    }

    /** test_gather_safe_timeout: an outer deadline cancels the gather and every job still running. */
    @Test
    void gatherSafeTimeout(VirtualClock clock) {
        assertThatThrownBy(() -> Timeouts.timeout(Duration.ofMillis(350), () -> Tasks.gatherSafe(List.of(
                job(100, 1), failJob(200), failJob(250), job(300, 3),
                job(400, 4), failJob(500), failJob(600))))) // these three are cancelled
                .isInstanceOf(ScopeTimeoutException.class);
        assertThat(cancelled).hasValue(3);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(350));
    }

    /** test_as_completed_safe: completion order, not input order. */
    @Test
    void asCompletedSafe(VirtualClock clock) throws Exception {
        List<Integer> results = new ArrayList<>();
        try (Tasks.AsCompleted<Integer> done = Tasks.asCompletedSafe(List.of(job(300, 3), job(100, 1), job(200, 2)))) {
            while (done.hasNext()) {
                results.add(done.next().resultNow());
            }
        }
        assertThat(results).containsExactly(1, 2, 3);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(300));
    }

    /** test_as_completed_safe_timeout_in_middle: the deadline hits the loop body; the rest are cancelled. */
    @Test
    void asCompletedSafeTimeoutInMiddle(VirtualClock clock) {
        List<Integer> results = new ArrayList<>();
        AtomicInteger loops = new AtomicInteger();
        assertThatThrownBy(() -> Timeouts.timeout(Duration.ofMillis(150), () -> {
            try (Tasks.AsCompleted<Integer> done = Tasks.asCompletedSafe(List.of(job(100, 1), job(200, 2), job(300, 3)))) {
                while (done.hasNext()) {
                    results.add(done.next().resultNow());
                    Thread.sleep(100); // the timeout occurs here
                    loops.incrementAndGet();
                }
            }
            return null;
        })).isInstanceOf(ScopeTimeoutException.class);
        assertThat(loops).hasValue(0);
        assertThat(executed).hasValue(1);
        assertThat(cancelled).hasValue(2);
        assertThat(results).containsExactly(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(150));
    }

    /** test_as_completed_safe_cancel_from_body: breaking out early cancels and waits for the rest. */
    @Test
    void asCompletedSafeBreakFromBody(VirtualClock clock) throws Exception {
        try (Tasks.AsCompleted<Integer> done = Tasks.asCompletedSafe(List.of(job(100, 1), job(200, 2), job(300, 3)))) {
            assertThat(done.next().resultNow()).isEqualTo(1);
        }
        assertThat(cancelled).hasValue(2);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(100));
    }
}
