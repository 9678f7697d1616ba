package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Cancellation.cancelAndWait, ported from aiotools' tests/test_cancel.py, ordered by handshakes. */
class CancellationTest {

    /** test_cancel_and_wait_simple_task_already_done (and a failed one). */
    @Test
    void alreadyDoneReturnsAtOnceEvenIfItFailed() throws Exception {
        try (Supervisor scope = Supervisor.open()) {
            Task<String> ok = scope.fork(() -> "done");
            Task<String> failed = scope.fork(() -> {
                throw new IllegalArgumentException("bad");
            });
            ok.join();
            assertThatThrownBy(failed::join).isInstanceOf(IllegalArgumentException.class);
            Cancellation.cancelAndWait(ok);
            Cancellation.cancelAndWait(failed);
            assertThat(ok.status()).isEqualTo(Task.Status.SUCCESS);
            assertThat(failed.status()).isEqualTo(Task.Status.FAILED);
        }
    }

    /** test_cancel_and_wait_simple_task_long_cancellation: the cleanup is waited for. */
    @Test
    void longCleanupInsideTheCancelledTaskIsWaitedFor() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cleanupGate = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        try (TaskScope scope = TaskScope.open()) {
            Task<Object> task = scope.fork(() -> {
                try {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                } finally {
                    Sync.awaitUninterruptibly(cleanupGate);
                    cleanedUp.set(true);
                }
            });
            scope.fork(() -> {
                Sync.awaitWaiting(caller); // the caller is inside cancelAndWait: only then may the cleanup end
                cleanupGate.countDown();
                return null;
            });
            started.await();
            Cancellation.cancelAndWait(task);
            assertThat(cleanedUp).isTrue();
            assertThat(task.isAlive()).isFalse();
            assertThat(task.status()).isEqualTo(Task.Status.CANCELLED);
        }
    }

    /** test_cancel_and_wait_simple_task_invalid_state. */
    @Test
    void aTaskThatSwallowsTheCancellationIsReported() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open()) {
            Task<String> task = scope.fork("silent", () -> {
                try {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                } catch (InterruptedException e) {
                    return "cancelled"; // missing re-throw
                }
            });
            started.await();
            assertThatThrownBy(() -> Cancellation.cancelAndWait(task))
                    .isInstanceOf(CancellationSwallowedException.class)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("task silent")
                    .hasMessageContaining("swallowed the interrupt");
            assertThat(task.isAlive()).isFalse();
        }
    }

    @Test
    void aTaskThatEndsWithItsInterruptStillPendingDidNotSwallowIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open()) {
            Task<String> task = scope.fork(() -> {
                started.countDown();
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait(); // busy work that never blocks
                }
                Sync.awaitUninterruptibly(cancelled);
                return "finished anyway";
            });
            started.await();
            task.cancel(true);
            cancelled.countDown();
            Cancellation.cancelAndWait(task);
            assertThat(task.isAlive()).isFalse();
        }
    }

    /** test_cancel_and_wait_taskscope_error_during_cancellation. */
    @Test
    void aFailureWhileCancellingPropagates() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (Supervisor scope = Supervisor.open()) {
            Task<String> task = scope.fork(() -> {
                try {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("cleanup failed");
                }
            });
            started.await();
            assertThatThrownBy(() -> Cancellation.cancelAndWait(task)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cleanup failed");
        }
    }

    /** test_cancel_and_wait_cancelling_cancellation: the waiting caller is cancelled too. */
    @Test
    void anInterruptedCallerPropagatesItAndCutsTheCleanupShort() throws Exception {
        CountDownLatch inCleanup = new CountDownLatch(1);
        AtomicBoolean cleanupInterrupted = new AtomicBoolean();
        AtomicReference<Throwable> callerGot = new AtomicReference<>();
        try (TaskScope scope = TaskScope.open()) {
            CountDownLatch targetStarted = new CountDownLatch(1);
            Task<Object> target = scope.fork("target", () -> {
                try {
                    targetStarted.countDown(); // cancelled before it ran, it would never reach its cleanup
                    return Sync.blockUntilCancelled();
                } finally {
                    inCleanup.countDown();
                    try {
                        new CountDownLatch(1).await(); // a long cleanup
                    } catch (InterruptedException e) {
                        cleanupInterrupted.set(true);
                    }
                }
            });
            Task<Object> caller = scope.fork("caller", () -> {
                targetStarted.await();
                try {
                    Cancellation.cancelAndWait(target);
                } catch (Throwable t) {
                    callerGot.set(t);
                    throw t; // swallowing it would be reported
                }
                return null;
            });
            inCleanup.await();
            Cancellation.cancelAndWait(caller);
            assertThat(callerGot.get()).isInstanceOf(InterruptedException.class);
            assertThat(cleanupInterrupted).isTrue();
            assertThat(target.isAlive()).as("the caller still waited for the target").isFalse();
        }
    }

    /** test_cancel_and_wait_cancelling_shielded_cancellation. */
    @Test
    void anInterruptedCallerDoesNotCutAShieldedCleanupShort() throws Exception {
        CountDownLatch inCleanup = new CountDownLatch(1);
        CountDownLatch cleanupGate = new CountDownLatch(1);
        AtomicBoolean cleanupCompleted = new AtomicBoolean();
        AtomicReference<Throwable> callerGot = new AtomicReference<>();
        try (TaskScope scope = TaskScope.open()) {
            CountDownLatch targetStarted = new CountDownLatch(1);
            Task<Object> target = scope.fork("target", () -> {
                try {
                    targetStarted.countDown(); // cancelled before it ran, it would never reach its cleanup
                    return Sync.blockUntilCancelled();
                } finally {
                    ShieldScope.run(() -> {
                        inCleanup.countDown();
                        cleanupGate.await(); // would throw if interrupted
                        cleanupCompleted.set(true);
                    });
                }
            });
            Task<Object> caller = scope.fork("caller", () -> {
                targetStarted.await();
                try {
                    Cancellation.cancelAndWait(target);
                } catch (Throwable t) {
                    callerGot.set(t);
                    throw t; // swallowing it would be reported
                }
                return null;
            });
            inCleanup.await();
            caller.cancel(true);
            while (!target.thread.cancellationDeferred()) {
                Thread.onSpinWait(); // the interrupted caller has re-cancelled the target: its shield deferred that
            }
            cleanupGate.countDown();
            Cancellation.cancelAndWait(caller);
            assertThat(callerGot.get()).isInstanceOf(InterruptedException.class);
            assertThat(cleanupCompleted).isTrue();
            assertThat(target.isAlive()).isFalse();
        }
    }

    /** test_cancel_and_wait_grouped_cancellation: all cancelled, all waited, every error reported. */
    @Test
    void aCollectionIsCancelledAndWaitedForAsAWholeWithEveryErrorReported() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        try (Supervisor scope = Supervisor.open()) {
            Task<Object> quiet = scope.fork(() -> {
                started.countDown();
                return Sync.blockUntilCancelled();
            });
            Task<Object> bad1 = scope.fork(() -> {
                try {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("first");
                }
            });
            Task<Object> bad2 = scope.fork(() -> {
                try {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                } catch (InterruptedException e) {
                    throw new IllegalArgumentException("second");
                }
            });
            started.await();
            List<Future<?>> all = List.of(quiet, bad1, bad2);
            assertThatThrownBy(() -> Cancellation.cancelAndWait(all))
                    .isInstanceOf(IllegalStateException.class).hasMessage("first")
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(IllegalArgumentException.class));
            assertThat(List.of(quiet, bad1, bad2)).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        }
    }

    @Test
    void aPlainFutureIsCancelledThroughItsOwnApi() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch started = new CountDownLatch(1);
            Future<Object> f = pool.submit(() -> {
                started.countDown();
                return Sync.blockUntilCancelled();
            });
            started.await();
            Cancellation.cancelAndWait(f);
            assertThat(f.isCancelled()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskCancelledBeforeItsThreadRanNeverRunsItsCode() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch release = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.builder().threadFactory(r -> new Thread(() -> {
            Sync.awaitUninterruptibly(release); // hold the thread before it runs the task
            r.run();
        })).open()) {
            Task<Object> t = scope.fork(() -> {
                ran.set(true);
                return null;
            });
            t.cancel(true);
            release.countDown();
            Cancellation.cancelAndWait(t);
            assertThat(t.status()).isEqualTo(Task.Status.CANCELLED);
        }
        assertThat(ran).isFalse();
    }
}
