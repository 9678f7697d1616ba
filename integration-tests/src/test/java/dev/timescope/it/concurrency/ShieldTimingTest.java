package dev.timescope.it.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.Cancellation;
import dev.timescope.ShieldScope;
import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** aiotools' shield tests (test_taskscope_shielded_nested_*, test_shieldscope_code_block), in virtual time. */
@VirtualTime
@SuppressWarnings("try") // scopes opened for their shield, not to be used
class ShieldTimingTest {

    private final List<String> trace = new CopyOnWriteArrayList<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    private Task<Object> cancelAt(long millis, TaskScope scope, java.util.concurrent.Callable<Object> body) throws Exception {
        Task<Object> task = scope.fork(body);
        Thread.sleep(millis);
        Cancellation.cancelAndWait(task);
        return task;
    }

    private TaskScope scope(boolean shield) {
        return TaskScope.builder().shield(shield).open();
    }

    /** test_taskscope_shielded_nested_1: nested shields defer the cancellation to the outermost one. */
    @Test
    void taskscopeShieldedNested1(VirtualClock clock) throws Exception {
        Task<Object> task;
        try (TaskScope root = TaskScope.open()) {
            task = cancelAt(250, root, () -> {
                trace.add("task-start");
                Thread.sleep(100);
                try (TaskScope outer = scope(true)) {
                    trace.add("outer-scope-begin");
                    Thread.sleep(100);
                    try (TaskScope inner = scope(true)) {
                        trace.add("inner-scope-step0");
                        Thread.sleep(100); // cancelled here
                        trace.add("inner-scope-step1"); // not skipped
                    }
                    Thread.sleep(100);
                    trace.add("outer-scope-end"); // not skipped
                } // the deferred cancellation comes out here
                Thread.sleep(100);
                trace.add("task-done");
                return null;
            });
        }
        assertThat(trace).containsExactly("task-start", "outer-scope-begin", "inner-scope-step0", "inner-scope-step1",
                "outer-scope-end");
        assertThat(task.isCancelled()).isTrue();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(400));
    }

    /** test_taskscope_shielded_nested_2: an unshielded scope inside a shielded one is shielded too. */
    @Test
    void taskscopeShieldedNested2() throws Exception {
        try (TaskScope root = TaskScope.open()) {
            cancelAt(250, root, () -> {
                trace.add("task-start");
                Thread.sleep(100);
                try (TaskScope outer = scope(true)) {
                    trace.add("outer-scope-begin");
                    Thread.sleep(100);
                    try (TaskScope inner = scope(false)) {
                        trace.add("inner-scope-step0");
                        Thread.sleep(100);
                        trace.add("inner-scope-step1");
                    }
                    Thread.sleep(100);
                    trace.add("outer-scope-end");
                }
                Thread.sleep(100);
                trace.add("task-done");
                return null;
            });
        }
        assertThat(trace).containsExactly("task-start", "outer-scope-begin", "inner-scope-step0", "inner-scope-step1",
                "outer-scope-end");
    }

    /** test_taskscope_shielded_nested_3: the re-delivered cancellation cancels the outer unshielded scope. */
    @Test
    void taskscopeShieldedNested3() throws Exception {
        try (TaskScope root = TaskScope.open()) {
            cancelAt(250, root, () -> {
                trace.add("task-start");
                Thread.sleep(100);
                try (TaskScope outer = scope(false)) {
                    trace.add("outer-scope-begin");
                    Thread.sleep(100);
                    try (TaskScope inner = scope(true)) {
                        trace.add("inner-scope-step0");
                        Thread.sleep(100);
                        trace.add("inner-scope-step1");
                    }
                    Thread.sleep(100);
                    trace.add("outer-scope-end");
                }
                Thread.sleep(100);
                trace.add("task-done");
                return null;
            });
        }
        assertThat(trace).containsExactly("task-start", "outer-scope-begin", "inner-scope-step0", "inner-scope-step1");
    }

    private java.util.concurrent.Callable<Object> work(long millis, String result) {
        return () -> {
            Thread.sleep(millis);
            finished.add(result);
            return null;
        };
    }

    /** test_taskscope_shielded_nested_4: deep nesting in one task, cancellation deferred to the topmost shield. */
    @Test
    void taskscopeShieldedNested4(VirtualClock clock) throws Exception {
        Task<Object> task;
        try (TaskScope root = TaskScope.open()) {
            task = cancelAt(250, root, () -> {
                trace.add("level0-begin");
                Thread.sleep(100);
                try (TaskScope ts1 = scope(false)) {
                    trace.add("level1-begin");
                    ts1.fork(work(15_000, "L1"));
                    Thread.sleep(100);
                    try (TaskScope ts2 = scope(true)) {
                        trace.add("level2-begin");
                        ts2.fork(work(14_000, "L2"));
                        try (TaskScope ts3 = scope(false)) {
                            trace.add("level3-begin");
                            ts3.fork(work(13_000, "L3"));
                            try (TaskScope ts4 = scope(false)) {
                                trace.add("level4-begin");
                                ts4.fork(work(12_000, "L4"));
                                try (TaskScope ts5 = scope(true)) {
                                    trace.add("level5-begin");
                                    ts5.fork(work(11_000, "L5"));
                                    Thread.sleep(100); // cancelled here
                                    trace.add("level5-end");
                                }
                                Thread.sleep(100);
                                trace.add("level4-end");
                            }
                            Thread.sleep(100);
                            trace.add("level3-end");
                        }
                        Thread.sleep(100);
                        trace.add("level2-end");
                    } // the deferred cancellation comes out here
                    Thread.sleep(100);
                    trace.add("level1-end");
                }
                Thread.sleep(100);
                trace.add("level0-end");
                return null;
            });
        }
        assertThat(trace).containsExactly("level0-begin", "level1-begin", "level2-begin", "level3-begin", "level4-begin",
                "level5-begin", "level5-end", "level4-end", "level3-end", "level2-end");
        assertThat(task.isCancelled()).isTrue();
        assertThat(finished).containsExactlyInAnyOrder("L5", "L4", "L3", "L2");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(14_200)); // L2 forked at 0.2 s, 14 s long
    }

    private Object level(int level, boolean[] shieldPerLevel) throws Exception {
        trace.add("level" + level + "-begin");
        try (TaskScope ts = scope(shieldPerLevel[level])) {
            ts.fork(work(30_000 - level * 2_000L, "L" + level));
            if (level < 5) {
                ts.fork(() -> level(level + 1, shieldPerLevel));
            }
        } // an unshielded scope whose owner was cancelled throws here
        Thread.sleep(100);
        trace.add("level" + level + "-end");
        return null;
    }

    /** test_taskscope_shielded_nested_5: deep nesting through tasks; only the shielded levels' work survives. */
    @Test
    void taskscopeShieldedNested5(VirtualClock clock) throws Exception {
        boolean[] shieldPerLevel = {false, false, true, false, false, true};
        Task<Object> task;
        try (TaskScope root = TaskScope.open()) {
            task = cancelAt(550, root, () -> level(0, shieldPerLevel));
        }
        assertThat(trace).containsExactly("level0-begin", "level1-begin", "level2-begin", "level3-begin", "level4-begin",
                "level5-begin", "level5-end", "level4-end", "level3-end");
        assertThat(task.isCancelled()).isTrue();
        assertThat(finished).containsExactlyInAnyOrder("L5", "L4", "L3", "L2");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(26));
    }

    private java.util.concurrent.Callable<Object> workWithShieldedCleanup() {
        return () -> {
            try {
                trace.add("work-begin");
                Thread.sleep(100);
                trace.add("work-end");
            } finally {
                ShieldScope.run(() -> {
                    trace.add("cleanup-begin");
                    Thread.sleep(100);
                    trace.add("cleanup-done");
                });
            }
            return null;
        };
    }

    /** test_shieldscope_code_block: a shielded cleanup is never cut short, whenever the cancellation comes. */
    @Test
    void shieldscopeCodeBlock(VirtualClock clock) throws Exception {
        try (TaskScope root = TaskScope.open()) {
            cancelAt(50, root, workWithShieldedCleanup()); // before the shield
            assertThat(trace).containsExactly("work-begin", "cleanup-begin", "cleanup-done");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(150));

            trace.clear();
            cancelAt(150, root, workWithShieldedCleanup()); // during the shield
            assertThat(trace).containsExactly("work-begin", "work-end", "cleanup-begin", "cleanup-done");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(350));
        }
    }
}
