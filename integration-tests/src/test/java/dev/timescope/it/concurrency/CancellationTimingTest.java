package dev.timescope.it.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.Cancellation;
import dev.timescope.CancellationSwallowedException;
import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** aiotools' tests/test_cancel.py with their sleeps, in virtual time. */
@VirtualTime
class CancellationTimingTest {

    private final List<String> results = new CopyOnWriteArrayList<>();

    /** test_cancel_and_wait_simple_task_long_cancellation: 0.7 s of cleanup is waited for. */
    @Test
    void cancelAndWaitSimpleTaskLongCancellation(VirtualClock clock) throws Exception {
        try (TaskScope scope = TaskScope.open()) {
            Task<Object> task = scope.fork(() -> {
                try {
                    Thread.sleep(1_000);
                    return results.add("done");
                } catch (InterruptedException e) {
                    Thread.sleep(700);
                    results.add("cancelled");
                    throw e;
                }
            });
            Thread.sleep(100);
            Cancellation.cancelAndWait(task);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(800));
            assertThat(results).containsExactly("cancelled");
            assertThat(task.isCancelled()).isTrue();
        }
    }

    /** test_cancel_and_wait_simple_task_invalid_state. */
    @Test
    void cancelAndWaitSimpleTaskInvalidState(VirtualClock clock) throws Exception {
        try (TaskScope scope = TaskScope.open()) {
            Task<Object> task = scope.fork(() -> {
                try {
                    Thread.sleep(100);
                    results.add("done");
                } catch (InterruptedException e) {
                    Thread.sleep(100);
                    results.add("cancelled"); // missing re-throw
                }
                return null;
            });
            Thread.sleep(50);
            assertThatThrownBy(() -> Cancellation.cancelAndWait(task)).isInstanceOf(CancellationSwallowedException.class);
            assertThat(results).containsExactly("cancelled");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(150));
        }
    }

    /** test_cancel_and_wait_cancelled_by_another: a second canceller waits for the same stop, and reports nothing. */
    @Test
    void cancelAndWaitCancelledByAnother(VirtualClock clock) throws Exception {
        try (TaskScope scope = TaskScope.open()) {
            Task<Object> task = scope.fork(() -> {
                try {
                    Thread.sleep(100);
                    return null;
                } catch (InterruptedException e) {
                    Thread.sleep(100);
                    throw e;
                }
            });
            Thread.sleep(10);
            Task<Object> other = scope.fork(() -> {
                Cancellation.cancelAndWait(task);
                return clock.elapsed();
            });
            Thread.sleep(10);
            Cancellation.cancelAndWait(task); // already cancelled by the other: still waits for the stop
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(110));
            assertThat(other.join()).isEqualTo(Duration.ofMillis(110));
        }
    }
}
