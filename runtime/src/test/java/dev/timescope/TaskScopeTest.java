package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.internal.Threads;
import dev.timescope.testing.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * TaskScope without time: ordering by handshakes. The timed behaviours (timeouts, the quickstart's
 * 3 s) are in integration-tests, under the virtual clock.
 */
class TaskScopeTest {

    /** aiotools test_taskscope_keep_running, the structural half: leaving waits, then every task is done. */
    @Test
    void closeWaitsForEveryChildThenEveryResultIsReadable() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Task<String> slow;
        Task<String> opener;
        try (TaskScope scope = TaskScope.open()) {
            slow = scope.fork(() -> {
                gate.await();
                return "slow";
            });
            opener = scope.fork(() -> {
                Sync.awaitWaiting(scope.owner()); // the owner is inside close(), waiting
                gate.countDown();
                return "opener";
            });
        }
        assertThat(slow.isAlive()).isFalse();
        assertThat(opener.isAlive()).isFalse();
        assertThat(slow.resultNow()).isEqualTo("slow");
        assertThat(opener.resultNow()).isEqualTo("opener");
    }

    /** aiotools test_taskscope_partial_failure, without time: a failure reaches the handler, siblings and body go on. */
    @Test
    void childFailureGoesToTheHandlerAtOnceAndCancelsNobody() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        CountDownLatch failed = new CountDownLatch(1);
        List<Integer> results = new ArrayList<>();
        Task<Integer> one;
        Task<Integer> bad;
        Task<Integer> three;
        try (TaskScope scope = TaskScope.builder().exceptionHandler((task, e) -> {
            handled.add(task.name() + ":" + e.getClass().getSimpleName());
            failed.countDown();
        }).open()) {
            one = scope.fork(() -> 1);
            bad = scope.fork("bad", () -> {
                throw new ArithmeticException("/ by zero");
            });
            three = scope.fork(() -> {
                failed.await(); // runs on after its sibling failed
                return 3;
            });
            failed.await();
            results.add(4); // the body keeps running too
        }
        for (Task<Integer> t : List.of(one, bad, three)) {
            if (t.status() == Task.Status.SUCCESS) {
                results.add(t.resultNow());
            }
        }
        assertThat(results).containsExactly(4, 1, 3);
        assertThat(handled).containsExactly("bad:ArithmeticException");
        assertThat(bad.exceptionNow()).isInstanceOf(ArithmeticException.class);
    }

    /** aiotools test_taskscope_child_self_cancellation. */
    @Test
    void childThatCancelsItselfAffectsNobody() throws Exception {
        List<Throwable> handled = new CopyOnWriteArrayList<>();
        Task<Integer> quitter;
        Task<Integer> other;
        try (TaskScope scope = TaskScope.builder().exceptionHandler((t, e) -> handled.add(e)).open()) {
            quitter = scope.fork(() -> {
                throw new CancellationException("not worth it");
            });
            other = scope.fork(() -> {
                assertThatThrownBy(quitter::join).isInstanceOf(CancellationException.class);
                return 3; // runs on after its sibling quit
            });
        }
        assertThat(quitter.status()).isEqualTo(Task.Status.CANCELLED);
        assertThat(other.resultNow()).isEqualTo(3);
        assertThat(handled).isEmpty(); // a cancellation is no failure
    }

    @Test
    void forkAfterCloseIsRefused() {
        TaskScope scope = TaskScope.open("done");
        scope.close();
        assertThatThrownBy(() -> scope.fork(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scope done is closed");
    }

    @Test
    void forkWhileShuttingDownIsRefused() throws Exception {
        try (TaskScope scope = TaskScope.open("stopping")) {
            scope.abort();
            assertThat(scope.isAborted()).isTrue();
            assertThatThrownBy(() -> scope.fork("late", () -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot fork late: scope stopping is shutting down (aborted)");
        }
    }

    @Test
    void childrenMayForkSiblingsWhileTheScopeWaits() throws Exception {
        AtomicReference<Task<String>> sibling = new AtomicReference<>();
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> {
                Sync.awaitWaiting(scope.owner());
                sibling.set(scope.fork("sibling", () -> "forked while closing"));
                return null;
            });
        }
        assertThat(sibling.get().resultNow()).isEqualTo("forked while closing");
        assertThat(sibling.get().isAlive()).isFalse();
    }

    @Test
    void abortCancelsEveryChildAndCloseWaitsForTheirCleanup() throws Exception {
        AtomicInteger cleanedUp = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(2);
        List<Task<Object>> tasks = new ArrayList<>();
        try (TaskScope scope = TaskScope.open()) {
            for (int i = 0; i < 2; i++) {
                tasks.add(scope.fork(() -> {
                    started.countDown();
                    try {
                        return Sync.blockUntilCancelled();
                    } finally {
                        cleanedUp.incrementAndGet();
                    }
                }));
            }
            started.await();
            scope.abort();
        }
        assertThat(cleanedUp).hasValue(2);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(Task.Status.CANCELLED);
            assertThat(t.isAlive()).isFalse();
        });
    }

    @Test
    void aFailingBodyAbortsTheScopeAndComesOutUnwrapped() {
        IOException boom = new IOException("body failed");
        List<Task<Object>> children = new ArrayList<>();
        assertThatThrownBy(() -> TaskScope.builder().run(scope -> {
            children.add(scope.fork(Sync::blockUntilCancelled));
            throw boom;
        })).isSameAs(boom);
        assertThat(children.get(0).status()).isEqualTo(Task.Status.CANCELLED);
        assertThat(children.get(0).isAlive()).isFalse();
    }

    @Test
    void callReturnsTheBodysValue() throws Exception {
        int sum = TaskScope.builder().call(scope -> scope.fork(() -> 40).join() + 2);
        assertThat(sum).isEqualTo(42);
    }

    /** aiotools test_taskscope_cancelled_from_outside, without time: the owner's task is cancelled. */
    @Test
    void cancellingTheOwnersTaskAbortsItsScope() throws Exception {
        CountDownLatch childrenStarted = new CountDownLatch(2);
        List<Task<Object>> grandchildren = new CopyOnWriteArrayList<>();
        Task<Object> parent;
        try (TaskScope outer = TaskScope.open()) {
            parent = outer.fork("parent", () -> {
                try (TaskScope inner = TaskScope.open("inner")) {
                    for (int i = 0; i < 2; i++) {
                        grandchildren.add(inner.fork(() -> {
                            childrenStarted.countDown();
                            return Sync.blockUntilCancelled();
                        }));
                    }
                    return Sync.blockUntilCancelled(); // cancelled here; leaving the block aborts the inner scope
                }
            });
            childrenStarted.await();
            Cancellation.cancelAndWait(parent);
        }
        assertThat(parent.status()).isEqualTo(Task.Status.CANCELLED);
        assertThat(grandchildren).hasSize(2).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(Task.Status.CANCELLED);
            assertThat(t.isAlive()).isFalse();
        });
    }

    @Test
    void anOwnerInterruptedWhileClosingAbortsAndGetsCancellationException() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Task<Object>> child = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            try (TaskScope scope = TaskScope.open("interrupted")) {
                child.set(scope.fork(() -> {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                }));
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        owner.start();
        started.await();
        Sync.awaitWaiting(owner);
        owner.interrupt();
        owner.join();
        assertThat(thrown.get()).isInstanceOf(CancellationException.class).hasMessageContaining("scope interrupted was cancelled");
        assertThat(flagAfter.get()).as("a plain thread keeps its interrupt").isTrue();
        assertThat(child.get().status()).isEqualTo(Task.Status.CANCELLED);
        assertThat(child.get().isAlive()).isFalse();
    }

    @Test
    void anErrorOfAChildComesOutOfTheScope() {
        AssertionError failed = new AssertionError("expected 1 but was 2");
        assertThatThrownBy(() -> {
            try (Supervisor scope = Supervisor.open()) {
                scope.fork(() -> {
                    throw failed;
                });
            }
        }).isSameAs(failed);
    }

    @Test
    void onlyTheOwnerClosesAndScopesCloseInnermostFirst() throws Exception {
        TaskScope outer = TaskScope.open("outer");
        TaskScope inner = TaskScope.open("inner");
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread stranger = new Thread(() -> {
            try {
                inner.close();
            } catch (Throwable t) {
                other.set(t);
            }
        }, "stranger");
        stranger.start();
        stranger.join();
        assertThat(other.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be closed by its owner").hasMessageContaining("not by \"stranger\"");
        assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scope outer closed while its inner scope inner is still open");
        inner.close();
        outer.close();
        outer.close(); // again: nothing
        assertThat(ThreadState.current()).as("a plain thread keeps no state once its scopes are closed").isNull();
    }

    @Test
    void scopesAndTasksFormATreeWithIdsNamesAndParents() throws Exception {
        try (TaskScope root = TaskScope.open("root")) {
            assertThat(root.parentScope()).isEmpty();
            assertThat(root.parentTask()).isEmpty();
            Task<AbstractTaskScope[]> parent = root.fork("parent", () -> {
                try (Supervisor child = Supervisor.open()) {
                    Task<String> leaf = child.fork(() -> "leaf");
                    assertThat(leaf.scope()).isSameAs(child);
                    assertThat(leaf.parentTask()).isPresent();
                    assertThat(leaf.name()).startsWith(child.name() + "/task-");
                    return new AbstractTaskScope[] {child, child.parentScope().orElseThrow()};
                }
            });
            AbstractTaskScope[] seen = parent.join();
            assertThat(seen[0].parentTask()).containsSame(parent);
            assertThat(seen[0].name()).isEqualTo("supervisor-" + seen[0].id());
            // A task's first scope hangs under the scope the task was forked in.
            assertThat(seen[1]).isSameAs(root);
            assertThat(parent.scope()).isSameAs(root);
            assertThat(parent.parentTask()).isEmpty(); // forked by the test thread, which timescope did not start
            assertThat(parent.id()).isNotEqualTo(root.id()).isNotEqualTo(seen[0].id());
        }
    }

    @Test
    void tasksRunOnVirtualThreadsOnJdk21AndLaterUnlessGivenAFactory() throws Exception {
        try (TaskScope scope = TaskScope.open()) {
            Task<Boolean> t = scope.fork("where", () -> Threads.isVirtual(Thread.currentThread()));
            assertThat(t.join()).isEqualTo(Runtime.version().feature() >= 21);
        }
        AtomicInteger made = new AtomicInteger();
        try (TaskScope scope = TaskScope.builder().threadFactory(r -> {
            made.incrementAndGet();
            return new Thread(r, "custom-" + made.get());
        }).open()) {
            assertThat(scope.fork(() -> Thread.currentThread().getName()).join()).isEqualTo("custom-1");
        }
    }

    @Test
    void aThreadFactoryThatReturnsNullIsRejectedAndTheScopeStaysUsable() throws Exception {
        try (TaskScope scope = TaskScope.builder().name("broken").threadFactory(r -> null).open()) {
            assertThatThrownBy(() -> scope.fork("t", () -> 1))
                    .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                    .hasMessageContaining("returned null for task \"t\"");
        }
    }

    @Test
    void builderRejectsBadValuesByName() {
        assertThatThrownBy(() -> TaskScope.builder().timeout(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> Supervisor.builder().exceptionHandler((t, e) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("supervisor takes no exception handler");
        try (TaskScope scope = TaskScope.open()) {
            assertThatThrownBy(() -> scope.fork(null)).isInstanceOf(NullPointerException.class).hasMessage("callable");
        }
    }

    @Test
    void aFailingHandlerIsLoggedAndTheScopeGoesOn() throws Exception {
        Task<Object> t;
        try (LogCapture log = LogCapture.start()) {
            try (TaskScope scope = TaskScope.builder().name("handled").exceptionHandler((task, e) -> {
                throw new IllegalStateException("handler bug");
            }).open()) {
                t = scope.fork(() -> {
                    throw new IOException("x");
                });
            }
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(r.getMessage()).contains("the exception handler of scope handled failed on task");
                assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage("handler bug");
            });
        }
        assertThat(t.exceptionNow()).isInstanceOf(IOException.class);
    }

    @Test
    void theDefaultHandlerLogsTheFailureThroughSystemLogger() throws Exception {
        List<java.util.logging.LogRecord> records;
        try (LogCapture log = LogCapture.start()) { // the default System.Logger backend is java.util.logging
            try (TaskScope scope = TaskScope.open("logged")) {
                scope.fork("failing", () -> {
                    throw new IOException("disk full");
                });
            }
            records = log.records();
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).contains("task failing").contains("of scope logged failed");
            assertThat(r.getThrown()).hasMessage("disk full");
        });
    }

    @Test
    void anErrorOfTheBodyWinsOverTheScopesOwnTimeout() {
        AssertionError error = new AssertionError("the body's error");
        assertThatThrownBy(() -> TaskScope.builder().timeout(java.time.Duration.ZERO).run(scope -> {
            throw error; // whether or not the timeout has expired yet: the Error comes out
        })).isSameAs(error);
    }

    @Test
    void aTimeoutOfZeroExpiresAtOnce() {
        assertThatThrownBy(() -> TaskScope.builder().timeout(java.time.Duration.ZERO).run(scope -> Sync.blockUntilCancelled()))
                .isInstanceOf(ScopeTimeoutException.class).hasMessageContaining("timed out after PT0S");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
