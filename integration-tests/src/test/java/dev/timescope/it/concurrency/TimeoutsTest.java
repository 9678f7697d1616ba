package dev.timescope.it.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.ScopeTimeoutException;
import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.Timeouts;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** asyncio's timeout/timeout_at as Timeouts, and the scope timeout's exact instant, in virtual time. */
@VirtualTime
class TimeoutsTest {

    @Test
    void aTimeoutInterruptsTheBlockAtExactlyItsDeadline(VirtualClock clock) {
        assertThatThrownBy(() -> Timeouts.timeout(Duration.ofMillis(250), () -> {
            Thread.sleep(Duration.ofHours(1).toMillis());
            return null;
        })).isInstanceOf(ScopeTimeoutException.class)
                .hasCauseInstanceOf(InterruptedException.class)
                .satisfies(e -> assertThat(((ScopeTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(250)));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(250));
        assertThat(Thread.currentThread().isInterrupted()).as("the timeout's interrupt is spent").isFalse();
    }

    @Test
    void aBlockThatEndsInTimeReturnsItsValue(VirtualClock clock) throws Exception {
        assertThat(Timeouts.timeout(Duration.ofSeconds(1), () -> {
            Thread.sleep(100);
            return "in time";
        })).isEqualTo("in time");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(100));
        Thread.sleep(5_000); // the expired deadline's timer is gone: nothing fires now
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void timeoutAtUsesTheVirtualWallClock(VirtualClock clock) {
        assertThatThrownBy(() -> Timeouts.timeoutAt(clock.instant().plusMillis(1_500), () -> {
            Thread.sleep(10_000);
            return null;
        })).isInstanceOf(ScopeTimeoutException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aDeadlineInThePastInterruptsAtOnce(VirtualClock clock) {
        assertThatThrownBy(() -> Timeouts.timeoutAt(clock.instant().minusSeconds(1), () -> {
            Thread.sleep(10_000);
            return null;
        })).isInstanceOf(ScopeTimeoutException.class);
        assertThat(clock.elapsed()).isZero();
    }

    @Test
    void theInnerOfTwoNestedTimeoutsFiresFirstAndTheOuterDoesNot(VirtualClock clock) throws Exception {
        String outcome = Timeouts.timeout(Duration.ofSeconds(2), () -> {
            try {
                Timeouts.timeout(Duration.ofSeconds(1), () -> {
                    Thread.sleep(5_000);
                    return null;
                });
                return "inner ended";
            } catch (ScopeTimeoutException e) {
                return "inner timed out at " + clock.elapsed();
            }
        });
        assertThat(outcome).isEqualTo("inner timed out at PT1S");
    }

    /** A scope's timeout cancels its children and is reported when it is left, even if the body had finished. */
    @Test
    void aScopeTimeoutWhileClosingCancelsTheChildren(VirtualClock clock) {
        Task<?>[] child = new Task<?>[1];
        assertThatThrownBy(() -> {
            try (TaskScope scope = TaskScope.builder().timeout(Duration.ofSeconds(3)).open()) {
                child[0] = scope.fork(() -> {
                    Thread.sleep(10_000);
                    return null;
                });
            }
        }).isInstanceOf(ScopeTimeoutException.class).hasNoCause();
        assertThat(child[0].isCancelled()).isTrue();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    /** Like asyncio's scopes: only cancellations that arrive while a scope is open cancel it. */
    @Test
    void aScopeOpenedAfterTheDeadlineFiredIsNotCancelledByIt(VirtualClock clock) {
        Task<?>[] cleanup = new Task<?>[1];
        assertThatThrownBy(() -> Timeouts.timeout(Duration.ofSeconds(1), () -> {
            try {
                Thread.sleep(10_000);
                return null;
            } catch (InterruptedException e) {
                try (TaskScope scope = TaskScope.open("cleanup")) {
                    cleanup[0] = scope.fork(Jobs.sleepThen(500, "cleaned up"));
                }
                throw e;
            }
        })).isInstanceOf(ScopeTimeoutException.class);
        assertThat(cleanup[0].resultNow()).isEqualTo("cleaned up");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1_500));
    }
}
