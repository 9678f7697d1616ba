package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * race, gatherSafe and asCompletedSafe, ported from aiotools' test_utils_race.py, test_utils_gather.py and
 * test_utils_as_completed.py; the order of completion is set by latches instead of sleeps.
 */
class TasksTest {

    private final AtomicInteger stillRunning = new AtomicInteger();

    /** Blocks until cancelled, counted in {@link #stillRunning} while it runs. */
    private <T> Callable<T> loser() {
        return () -> {
            stillRunning.incrementAndGet();
            try {
                return Sync.blockUntilCancelled();
            } finally {
                stillRunning.decrementAndGet();
            }
        };
    }

    @Test
    void raceReturnsTheFirstSuccessAndCancelsAndWaitsForTheLosers() throws Exception {
        String winner = Tasks.race(List.of(loser(), () -> "fast", loser()));
        assertThat(winner).isEqualTo("fast");
        assertThat(stillRunning).as("losers left running").hasValue(0);
    }

    /** test_race_partial_failure: by default the first failure ends the race. */
    @Test
    void raceRethrowsTheFirstFailureByDefault() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> Tasks.race(List.<Callable<String>>of(loser(), () -> {
            throw boom;
        }))).isSameAs(boom);
        assertThat(stillRunning).hasValue(0);
    }

    /** test_race_continue_on_error: failures are skipped while a success is still possible. */
    @Test
    void raceContinuingOnErrorWaitsForASuccess() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        String winner = Tasks.race(List.<Callable<String>>of(() -> {
            try {
                throw new IOException("first fails");
            } finally {
                failed.countDown();
            }
        }, () -> {
            failed.await();
            return "second wins";
        }), true);
        assertThat(winner).isEqualTo("second wins");
    }

    /** test_race_all_failure_with_continue_on_error. */
    @Test
    void raceWhereEveryRacerFailsReportsEveryFailure() {
        assertThatThrownBy(() -> Tasks.race(List.<Callable<String>>of(() -> {
            throw new IOException("a");
        }, () -> {
            throw new IllegalStateException("b");
        }), true)).isInstanceOf(ScopeFailedException.class)
                .hasMessageContaining("all 2 racers failed")
                .satisfies(e -> {
                    List<String> messages = new ArrayList<>();
                    messages.add(e.getCause().getMessage());
                    for (Throwable s : e.getSuppressed()) {
                        messages.add(s.getMessage());
                    }
                    assertThat(messages).containsExactlyInAnyOrder("a", "b");
                });
    }

    /** test_race_all_failure: without continue-on-error, the first failure, checked ones wrapped. */
    @Test
    void raceWithACheckedFailureWrapsIt() {
        IOException checked = new IOException("checked");
        assertThatThrownBy(() -> Tasks.race(List.<Callable<String>>of(() -> {
            throw checked;
        }))).isInstanceOf(CompletionException.class).hasCause(checked);
    }

    /** test_race_empty_coro_list. */
    @Test
    void raceOfNothingIsRefused() {
        assertThatThrownBy(() -> Tasks.race(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one callable");
    }

    @Test
    void anInterruptedRaceCancelsAndWaitsForEveryRacer() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        Throwable[] got = new Throwable[1];
        Thread caller = new Thread(() -> {
            try {
                Tasks.race(List.of(() -> {
                    started.countDown();
                    return loser().call();
                }, () -> {
                    started.countDown();
                    return loser().call();
                }));
            } catch (Throwable t) {
                got[0] = t;
            }
        });
        caller.start();
        started.await();
        caller.interrupt();
        caller.join();
        assertThat(got[0]).isInstanceOf(InterruptedException.class);
        assertThat(stillRunning).hasValue(0);
    }

    /** test_gather_safe and test_gather_safe_partial_failure: input order, outcomes side by side. */
    @Test
    void gatherSafeReturnsEveryOutcomeInInputOrder() throws Exception {
        CountDownLatch lastFirst = new CountDownLatch(1);
        List<Task<Integer>> outcomes = Tasks.gatherSafe(List.<Callable<Integer>>of(() -> {
            lastFirst.await();
            return 1;
        }, () -> {
            throw new ArithmeticException("2 fails");
        }, () -> {
            lastFirst.countDown(); // finishes before the first
            return 3;
        }));
        assertThat(outcomes).extracting(Task::status)
                .containsExactly(Task.Status.SUCCESS, Task.Status.FAILED, Task.Status.SUCCESS);
        assertThat(outcomes.get(0).resultNow()).isEqualTo(1);
        assertThat(outcomes.get(1).exceptionNow()).hasMessage("2 fails");
        assertThat(outcomes.get(2).resultNow()).isEqualTo(3);
        assertThat(outcomes).noneMatch(Task::isAlive);
    }

    /** test_as_completed_safe and test_as_completed_safe_partial_failure: completion order. */
    @Test
    void asCompletedSafeHandsOutTasksInCompletionOrder() throws Exception {
        // Each task finishes only once the one before it was handed out: the order is the consumer's to see.
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch secondTaken = new CountDownLatch(1);
        List<String> order = new ArrayList<>();
        try (Tasks.AsCompleted<String> done = Tasks.asCompletedSafe(List.<Callable<String>>of(() -> {
            secondTaken.await();
            return "c";
        }, () -> "a", () -> {
            firstTaken.await();
            throw new IllegalStateException("b");
        }))) {
            while (done.hasNext()) {
                Task<String> t = done.next();
                order.add(t.status() == Task.Status.SUCCESS ? t.resultNow() : "error:" + t.exceptionNow().getMessage());
                (order.size() == 1 ? firstTaken : secondTaken).countDown();
            }
            assertThatThrownBy(done::next).isInstanceOf(java.util.NoSuchElementException.class);
        }
        assertThat(order).containsExactly("a", "error:b", "c");
    }

    /** test_as_completed_safe_error_from_body: leaving early cancels the rest and waits for them. */
    @Test
    void leavingAsCompletedSafeEarlyCancelsAndWaitsForTheRest() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> {
            try (Tasks.AsCompleted<String> done = Tasks.asCompletedSafe(List.of(loser(), () -> "first", loser()))) {
                seen.add(done.next().resultNow());
                throw new IllegalStateException("the loop body failed");
            }
        }).hasMessage("the loop body failed");
        assertThat(seen).containsExactly("first");
        assertThat(stillRunning).as("tasks left running").hasValue(0);
    }
}
