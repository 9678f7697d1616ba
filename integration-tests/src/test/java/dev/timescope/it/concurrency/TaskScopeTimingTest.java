package dev.timescope.it.concurrency;

import static dev.timescope.it.concurrency.Jobs.cancelAfter;
import static dev.timescope.it.concurrency.Jobs.failAfter;
import static dev.timescope.it.concurrency.Jobs.sleepThen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.Cancellation;
import dev.timescope.ScopeTimeoutException;
import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.Timeouts;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import dev.timescope.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** aiotools' tests/test_taskscope.py, ported one by one; every instant is virtual and exact. */
@VirtualTime
class TaskScopeTimingTest {

    private static final Duration MS_250 = Duration.ofMillis(250);

    /** test_taskscope_keep_running. */
    @Test
    void taskscopeKeepRunning(VirtualClock clock) throws Exception {
        List<String> results = new ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            try (TaskScope ts = TaskScope.open()) {
                ts.fork(failAfter(200));
                Thread.sleep(500);
                results.add("context-final"); // kept running after the child failed
            }
            assertLoggedOneFailure(log, ArithmeticException.class, "/ by zero after 200 ms");
        }
        Thread.sleep(500);
        results.add("parent-final"); // unaffected
        assertThat(results).containsExactly("context-final", "parent-final");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    /** test_taskscope_partial_failure. */
    @ParameterizedTest(name = "shield={0}")
    @ValueSource(booleans = {false, true})
    void taskscopePartialFailure(boolean shield, VirtualClock clock) throws Exception {
        List<Integer> results = new ArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            try (TaskScope ts = TaskScope.builder().shield(shield).open()) {
                tasks.add(ts.fork(sleepThen(100, 1)));
                tasks.add(ts.fork(failAfter(200)));
                tasks.add(ts.fork(sleepThen(300, 3)));
                Thread.sleep(100);
                results.add(4);
                Thread.sleep(150); // after the child failure
                results.add(5); // runs as is
            }
            assertLoggedOneFailure(log, ArithmeticException.class, "/ by zero after 200 ms");
        }
        Outcomes<Integer> o = Outcomes.of(tasks, results);
        assertThat(o.results).containsExactly(4, 5, 1, 3);
        assertThat(o.errors).singleElement().isInstanceOf(ArithmeticException.class);
        assertThat(o.cancelled).isZero();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(300));
    }

    /** test_taskscope_child_self_cancellation. */
    @ParameterizedTest(name = "shield={0}")
    @ValueSource(booleans = {false, true})
    void taskscopeChildSelfCancellation(boolean shield) throws Exception {
        List<Integer> results = new ArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        try (TaskScope ts = TaskScope.builder().shield(shield).open()) {
            tasks.add(ts.fork(sleepThen(100, 1)));
            tasks.add(ts.fork(cancelAfter(200)));
            tasks.add(ts.fork(sleepThen(300, 3)));
            Thread.sleep(100);
            results.add(4);
            Thread.sleep(150);
            results.add(5);
        }
        Outcomes<Integer> o = Outcomes.of(tasks, results);
        assertThat(o.results).containsExactly(4, 5, 1, 3);
        assertThat(o.errors).isEmpty();
        assertThat(o.cancelled).isEqualTo(1);
    }

    /** test_taskscope_external_timeout_when_not_shielded: an outer deadline cancels the scope transparently. */
    @Test
    void taskscopeExternalTimeoutWhenNotShielded(VirtualClock clock) {
        List<Integer> results = new CopyOnWriteArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        assertThatThrownBy(() -> Timeouts.timeout(MS_250, () -> {
            try (TaskScope ts = TaskScope.open()) {
                tasks.add(ts.fork(sleepThen(100, 1)));
                tasks.add(ts.fork(sleepThen(200, 2)));
                tasks.add(ts.fork(sleepThen(300, 3))); // the timeout cancels it
                Thread.sleep(230);
                results.add(4);
                Thread.sleep(30);
                results.add(5); // not reached
            }
            return null;
        })).isInstanceOf(ScopeTimeoutException.class);
        assertThat(clock.elapsed()).isEqualTo(MS_250);
        Outcomes<Integer> o = Outcomes.of(tasks, results);
        assertThat(o.results).containsExactly(4, 1, 2);
        assertThat(o.errors).isEmpty();
        assertThat(o.cancelled).isEqualTo(1);
    }

    /** test_taskscope_external_timeout_when_shielded: the shield absorbs it, the timeout still comes out after. */
    @Test
    void taskscopeExternalTimeoutWhenShielded(VirtualClock clock) {
        List<Integer> results = new CopyOnWriteArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        assertThatThrownBy(() -> Timeouts.timeout(MS_250, () -> {
            try (TaskScope ts = TaskScope.builder().shield(true).open()) {
                tasks.add(ts.fork(sleepThen(100, 1)));
                tasks.add(ts.fork(sleepThen(200, 2)));
                tasks.add(ts.fork(sleepThen(300, 3)));
                Thread.sleep(230);
                results.add(4);
                Thread.sleep(30);
                results.add(5); // after the deadline, but shielded
            }
            return null;
        })).isInstanceOf(ScopeTimeoutException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(300));
        Outcomes<Integer> o = Outcomes.of(tasks, results);
        assertThat(o.results).containsExactly(4, 5, 1, 2, 3);
        assertThat(o.cancelled).isZero();
    }

    /** test_taskscope_intrinsic_timeout: the scope's own timeout fires at exactly 0.25 s, shield or not. */
    @ParameterizedTest(name = "shield={0}")
    @ValueSource(booleans = {false, true})
    void taskscopeIntrinsicTimeout(boolean shield, VirtualClock clock) {
        List<Integer> results = new ArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        assertThatThrownBy(() -> TaskScope.builder().name("intrinsic").timeout(MS_250).shield(shield).run(ts -> {
            tasks.add(ts.fork(sleepThen(100, 1)));
            tasks.add(ts.fork(sleepThen(200, 2)));
            tasks.add(ts.fork(sleepThen(300, 3)));
            Thread.sleep(230);
            results.add(4);
            Thread.sleep(30);
            results.add(5);
        })).isInstanceOf(ScopeTimeoutException.class)
                .hasMessage("scope intrinsic timed out after PT0.25S")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(clock.elapsed()).isEqualTo(MS_250);
        Outcomes<Integer> o = Outcomes.of(tasks, results);
        assertThat(o.results).containsExactly(4, 1, 2);
        assertThat(o.errors).isEmpty();
        assertThat(o.cancelled).isEqualTo(1);
    }

    /**
     * test_taskscope_intrinsic_timeout_shielded_from_outside_cancellation. The outside cancellation waits for
     * the shield; the scope's own timeout does not, and it is what cancelAndWait reports. (The task's Future
     * says CANCELLED, as Future requires of a task whose cancel(true) returned true.)
     */
    @Test
    void taskscopeIntrinsicTimeoutShieldedFromOutsideCancellation(VirtualClock clock) throws Exception {
        List<Integer> results = new CopyOnWriteArrayList<>();
        List<Task<Integer>> tasks = new CopyOnWriteArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            try (TaskScope outer = TaskScope.open()) {
                Task<Object> parent = outer.fork(() -> {
                    TaskScope.builder().timeout(MS_250).shield(true).run(ts -> {
                        tasks.add(ts.fork(sleepThen(100, 1)));
                        tasks.add(ts.fork(sleepThen(200, 2)));
                        tasks.add(ts.fork(sleepThen(300, 3)));
                        Thread.sleep(230);
                        results.add(4);
                        Thread.sleep(30);
                        results.add(5);
                    });
                    return null;
                });
                Thread.sleep(50);
                assertThatThrownBy(() -> Cancellation.cancelAndWait(parent)).isInstanceOf(ScopeTimeoutException.class);
                assertThat(clock.elapsed()).isEqualTo(MS_250);
                assertThat(parent.isAlive()).isFalse();
            }
            // the outer scope's default handler reports its child's failure: the inner scope's own timeout
            assertLoggedOneFailure(log, ScopeTimeoutException.class, "timed out after PT0.25S");
        }
        Outcomes<Integer> o = Outcomes.of(tasks, results);
        assertThat(o.results).containsExactly(4, 1, 2);
        assertThat(o.cancelled).isEqualTo(1);
    }

    /** test_taskscope_move_on_after. */
    @Test
    void taskscopeMoveOnAfter(VirtualClock clock) throws Exception {
        List<Integer> results = new ArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        boolean expired = TaskScope.moveOnAfter(MS_250, ts -> {
            tasks.add(ts.fork(sleepThen(100, 1)));
            tasks.add(ts.fork(sleepThen(200, 2)));
            tasks.add(ts.fork(sleepThen(300, 3)));
            Thread.sleep(230);
            results.add(4);
            Thread.sleep(30);
            results.add(5);
        });
        assertThat(expired).isTrue();
        assertThat(clock.elapsed()).isEqualTo(MS_250);
        Outcomes<Integer> o = Outcomes.of(tasks, results); // runs, as moveOnAfter swallowed its timeout
        assertThat(o.results).containsExactly(4, 1, 2);
        assertThat(o.errors).isEmpty();
        assertThat(o.cancelled).isEqualTo(1);
        assertThat(TaskScope.moveOnAfter(MS_250, ts -> ts.fork(sleepThen(100, 1)))).isFalse();
    }

    @Test
    void moveOnAfterDoesNotSwallowAnInnerScopesTimeout() {
        assertThatThrownBy(() -> TaskScope.moveOnAfter(Duration.ofSeconds(10),
                ts -> TaskScope.builder().name("inner").timeout(MS_250).run(inner -> Thread.sleep(1_000))))
                .isInstanceOf(ScopeTimeoutException.class)
                .satisfies(e -> assertThat(((ScopeTimeoutException) e).scopeName()).isEqualTo("inner"));
    }

    /** test_taskscope_cancelled_from_outside. */
    @Test
    void taskscopeCancelledFromOutside(VirtualClock clock) throws Exception {
        List<String> results = new CopyOnWriteArrayList<>();
        try (TaskScope outer = TaskScope.open()) {
            Task<Object> parent = outer.fork(() -> {
                results.add("parent-begin");
                try (TaskScope ts = TaskScope.open()) {
                    results.add("context-begin");
                    ts.fork(failAfter(200)); // concluded after the cancel
                    ts.fork(() -> {
                        Thread.sleep(80);
                        return results.add("s1"); // concluded before the cancel
                    });
                    ts.fork(() -> {
                        Thread.sleep(120);
                        return results.add("s2"); // cancelled
                    });
                    Thread.sleep(500);
                    results.add("context-end"); // skipped: the scope is cancelled
                }
                Thread.sleep(500);
                results.add("parent-end"); // skipped: the parent is cancelled
                return null;
            });
            Thread.sleep(100);
            Cancellation.cancelAndWait(parent);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(100));
        }
        assertThat(results).containsExactly("parent-begin", "context-begin", "s1");
    }

    /**
     * test_taskscope_aclose, the Java way: abort() from another task cancels the children at once and returns;
     * the owner's close() waits for their cleanup.
     */
    @Test
    void abortFromAnotherTaskCancelsTheChildrenAndLeavingWaitsForTheirCleanup(VirtualClock clock) throws Exception {
        List<String> results = new CopyOnWriteArrayList<>();
        try (TaskScope outer = TaskScope.open()) {
            try (TaskScope ts = TaskScope.open()) {
                results.add("context-begin");
                ts.fork(failAfter(200)); // cancelled
                for (String name : List.of("s1", "s2")) {
                    long delay = name.equals("s1") ? 80 : 120;
                    ts.fork(() -> {
                        try {
                            Thread.sleep(delay);
                            return results.add(name);
                        } catch (InterruptedException e) {
                            Thread.sleep(700);
                            results.add("cancelled-" + name);
                            throw e;
                        }
                    });
                }
                outer.fork(() -> {
                    Thread.sleep(100);
                    results.add("abort-trigger");
                    ts.abort();
                    return results.add("abort-returned");
                });
                Thread.sleep(110);
                results.add("context-end"); // abort() does not interrupt the body
            }
            results.add("closed");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(800));
        }
        assertThat(results).containsExactly("context-begin", "s1", "abort-trigger", "abort-returned", "context-end",
                "cancelled-s2", "closed");
    }

    /** The scope's default handler logged one failed task, with what it threw: a warning, not a test failure. */
    private static void assertLoggedOneFailure(LogCapture log, Class<? extends Throwable> type, String message) {
        assertThat(log.records()).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).contains("failed");
            assertThat(r.getThrown()).isInstanceOf(type).hasMessageContaining(message);
        });
    }
}
