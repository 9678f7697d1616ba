package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fork, cancel, abort and close racing each other, with fixed seeds so a failure replays: no task is ever
 * lost, every task ends in exactly one terminal state, and close() never returns while a child still runs.
 */
class ScopeStressTest {

    static List<Long> seeds() {
        List<Long> seeds = new java.util.ArrayList<>();
        for (long s = 1; s <= 60; s++) {
            seeds.add(s * 7919);
        }
        return seeds;
    }

    /** What one task does; chosen by the seed. */
    private enum Behaviour { RETURN, THROW, BLOCK, FORK_SIBLING, CANCEL_ITSELF, SWALLOW, SPIN }

    /** Shared bookkeeping of one run. */
    private static final class Run {
        final Random random;
        final AbstractTaskScope scope;
        final List<Task<Integer>> forked = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger codeStarted = new AtomicInteger();
        final AtomicInteger codeEnded = new AtomicInteger();

        Run(long seed, AbstractTaskScope scope) {
            this.random = new Random(seed);
            this.scope = scope;
        }

        /** Forks a task with a behaviour from {@code seed}; a refused fork is counted, never lost. */
        void fork(long seed, int depth) {
            Random r = new Random(seed);
            Behaviour b = Behaviour.values()[r.nextInt(depth > 2 ? 3 : Behaviour.values().length)];
            attempts.incrementAndGet();
            try {
                forked.add(scope.fork(b + "-" + seed, () -> {
                    codeStarted.incrementAndGet();
                    try {
                        return act(b, r, depth);
                    } finally {
                        codeEnded.incrementAndGet();
                    }
                }));
            } catch (IllegalStateException e) {
                assertThat(e).hasMessageContaining("cannot fork");
                refused.incrementAndGet();
            }
        }

        private Integer act(Behaviour b, Random r, int depth) throws Exception {
            switch (b) {
                case RETURN:
                    return 1;
                case THROW:
                    throw new IllegalStateException("planned");
                case BLOCK:
                    return Sync.blockUntilCancelled();
                case FORK_SIBLING:
                    fork(r.nextLong(), depth + 1);
                    return 2;
                case CANCEL_ITSELF:
                    throw new CancellationException("planned");
                case SWALLOW:
                    try {
                        return Sync.blockUntilCancelled();
                    } catch (InterruptedException e) {
                        return 3;
                    }
                default:
                    int n = r.nextInt(10_000);
                    for (int i = 0; i < n && !Thread.currentThread().isInterrupted(); i++) {
                        Thread.onSpinWait();
                    }
                    return 4;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void forkCancelAbortAndCloseRacingLoseNothing(long seed) throws Exception {
        Run run;
        Thread canceller;
        Thread aborter;
        int tasks;
        Supervisor scope = Supervisor.open("stress-" + seed);
        run = new Run(seed, scope);
        tasks = 5 + run.random.nextInt(40);
        int abortAfter = run.random.nextInt(tasks + 1);
        long cancelSeed = run.random.nextLong();
        AtomicInteger ownerDone = new AtomicInteger();
        canceller = new Thread(() -> {
            Random r = new Random(cancelSeed);
            while (ownerDone.get() == 0 || r.nextInt(4) != 0) {
                List<Task<Integer>> now = run.forked;
                if (!now.isEmpty()) {
                    now.get(r.nextInt(now.size())).cancel(r.nextBoolean());
                }
                Thread.onSpinWait();
            }
        }, "canceller");
        aborter = new Thread(() -> {
            while (run.forked.size() + run.refused.get() < abortAfter && ownerDone.get() == 0) {
                Thread.onSpinWait();
            }
            scope.abort(); // blocking tasks end only by cancellation: someone must abort
        }, "aborter");
        canceller.start();
        aborter.start();
        for (int i = 0; i < tasks; i++) {
            run.fork(run.random.nextLong(), 0);
        }
        ownerDone.set(1);
        scope.close();

        // close() returned: nothing of the scope may still run.
        assertThat(run.codeEnded.get()).as("task code still running after close").isEqualTo(run.codeStarted.get());
        Set<Long> ids = new HashSet<>();
        for (Task<Integer> t : run.forked) {
            assertThat(ids.add(t.id())).as("task listed twice: " + t).isTrue();
            assertThat(t.isAlive()).as(t + " alive after close").isFalse();
            assertThat(t.isDone()).isTrue();
            switch (t.status()) {
                case SUCCESS:
                    assertThat(t.resultNow()).isBetween(1, 4);
                    assertThat(t.isCancelled()).isFalse();
                    break;
                case FAILED:
                    assertThat(t.exceptionNow()).hasMessage("planned");
                    assertThat(t.isCancelled()).isFalse();
                    break;
                case CANCELLED:
                    assertThat(t.isCancelled()).isTrue();
                    break;
                default:
                    throw new AssertionError("not terminal: " + t);
            }
        }
        assertThat(scope.liveChildren()).isEmpty();
        canceller.join();
        aborter.join();
        assertThat(run.forked.size() + run.refused.get()).as("every fork either made a task or was refused")
                .isEqualTo(run.attempts.get());
        assertThat(run.attempts.get()).isGreaterThanOrEqualTo(tasks);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void cancelAndWaitLeavesNoTaskRunning(long seed) throws Exception {
        Random random = new Random(seed);
        try (Supervisor scope = Supervisor.open()) {
            Run run = new Run(seed, scope);
            int n = 1 + random.nextInt(30);
            for (int i = 0; i < n; i++) {
                run.fork(random.nextLong(), 0);
            }
            List<Task<Integer>> targets = List.copyOf(run.forked);
            try {
                Cancellation.cancelAndWait(targets);
            } catch (IllegalStateException e) {
                // a SWALLOW task, or one that failed as planned before or while being cancelled: reported, not hidden
            }
            for (Task<Integer> t : targets) {
                assertThat(t.isAlive()).as(t + " still running after cancelAndWait").isFalse();
                assertThat(t.isDone()).isTrue();
            }
            scope.abort(); // siblings forked meanwhile, by tasks that were cancelled while forking
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aTaskGroupReportsExactlyTheFailedTasks(long seed) throws Exception {
        Random random = new Random(seed);
        List<Task<Integer>> tasks = new CopyOnWriteArrayList<>();
        ScopeFailedException failure = null;
        try (TaskGroup group = TaskGroup.open()) {
            int n = 2 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                boolean fails = random.nextInt(4) == 0;
                int spins = random.nextInt(5_000);
                tasks.add(group.fork(() -> {
                    for (int s = 0; s < spins; s++) {
                        Thread.onSpinWait();
                    }
                    if (fails) {
                        throw new IllegalStateException("planned");
                    }
                    return Sync.blockUntilCancelled();
                }));
            }
            tasks.add(group.fork(() -> {
                throw new IllegalStateException("planned"); // at least one failure, so the group ends
            }));
        } catch (ScopeFailedException e) {
            failure = e;
        } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("shutting down"); // a fork after the first failure
        }
        Set<Throwable> reported = new HashSet<>();
        if (failure != null) {
            reported.add(failure.getCause());
            reported.addAll(List.of(failure.getSuppressed()));
        }
        Set<Throwable> failed = new HashSet<>();
        for (Task<Integer> t : tasks) {
            assertThat(t.isAlive()).isFalse();
            assertThat(t.status()).isIn(Task.Status.FAILED, Task.Status.CANCELLED);
            if (t.status() == Task.Status.FAILED) {
                failed.add(t.exceptionNow());
            }
        }
        if (failure != null) {
            assertThat(reported).isEqualTo(failed);
        }
    }
}
