package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Shields, ported from aiotools' shield tests (test_taskscope.py, test_cancel.py) with handshakes for time. */
@SuppressWarnings("try") // resources opened for their effect on the block, not to be used
class ShieldTest {

    /** test_shieldscope_code_block, second half: cancelled during the shield, the cleanup still completes. */
    @Test
    void aCancellationDuringAShieldScopeIsDeferredToItsEnd() throws Exception {
        List<String> results = new CopyOnWriteArrayList<>();
        CountDownLatch inCleanup = new CountDownLatch(1);
        CountDownLatch cleanupGate = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open()) {
            Task<Object> task = scope.fork("work", () -> {
                try {
                    results.add("work-begin");
                    results.add("work-end");
                    return null;
                } finally {
                    ShieldScope.run(() -> {
                        results.add("cleanup-begin");
                        inCleanup.countDown();
                        cleanupGate.await(); // not interrupted: the cancellation is deferred
                        results.add("cleanup-done");
                    });
                }
            });
            inCleanup.await();
            task.cancel(true);
            assertThat(task.thread.cancellationDeferred()).isTrue();
            cleanupGate.countDown();
            Cancellation.cancelAndWait(task);
            assertThat(task.isAlive()).isFalse();
        }
        assertThat(results).containsExactly("work-begin", "work-end", "cleanup-begin", "cleanup-done");
    }

    /** test_shieldscope_code_block, first half: cancelled before the shield, the cleanup still runs whole. */
    @Test
    void aShieldScopeInAFinallyBlockRunsWholeAfterACancellation() throws Exception {
        List<String> results = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open()) {
            Task<Object> task = scope.fork(() -> {
                try {
                    results.add("work-begin");
                    started.countDown();
                    Sync.blockUntilCancelled();
                    results.add("work-end");
                    return null;
                } finally {
                    ShieldScope.run(() -> {
                        results.add("cleanup-begin");
                        new CountDownLatch(0).await();
                        results.add("cleanup-done");
                    });
                }
            });
            started.await();
            Cancellation.cancelAndWait(task);
        }
        assertThat(results).containsExactly("work-begin", "cleanup-begin", "cleanup-done");
    }

    /** test_shield_scope_nested: nested shields defer to the outermost one. */
    @Test
    void nestedShieldsDeferToTheOutermost() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        CountDownLatch inInner = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open()) {
            Task<Object> task = scope.fork(() -> {
                try (ShieldScope outer = ShieldScope.open()) {
                    try (ShieldScope inner = ShieldScope.open()) {
                        inInner.countDown();
                        go.await();
                        trace.add("inner-end");
                    }
                    trace.add("between"); // the inner shield's end delivers nothing
                    new CountDownLatch(0).await();
                    trace.add("outer-end");
                } catch (CancellationException e) {
                    trace.add("delivered at the outermost end");
                    throw e;
                }
                trace.add("after"); // not reached
                return null;
            });
            inInner.await();
            task.cancel(true);
            go.countDown();
            Cancellation.cancelAndWait(task);
        }
        assertThat(trace).containsExactly("inner-end", "between", "outer-end", "delivered at the outermost end");
    }

    /** test_shield_scope_self_cancellation: a shielded block may still cancel itself. */
    @Test
    void aShieldedBlockMayCancelItself() {
        assertThatThrownBy(() -> ShieldScope.run(() -> {
            throw new CancellationException("giving up");
        })).isInstanceOf(CancellationException.class).hasMessage("giving up");
        assertThat(ThreadState.current()).isNull();
    }

    /** test_cancel_and_wait_shielded_taskscope: a shielded scope keeps its children running through a cancel. */
    @Test
    void aShieldedScopeDefersItsOwnersCancellationUntilItsChildrenAreDone() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        CountDownLatch childStarted = new CountDownLatch(1);
        CountDownLatch childGate = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Task<String>> child = new java.util.concurrent.atomic.AtomicReference<>();
        try (TaskScope outer = TaskScope.open()) {
            Task<Object> owner = outer.fork("owner", () -> {
                try (TaskScope shielded = TaskScope.builder().name("shielded").shield(true).open()) {
                    child.set(shielded.fork(() -> {
                        childStarted.countDown();
                        childGate.await();
                        return "child finished";
                    }));
                } catch (CancellationException e) {
                    trace.add("re-delivered: " + e.getMessage());
                    throw e;
                }
                trace.add("not reached");
                return null;
            });
            childStarted.await();
            owner.cancel(true);
            assertThat(owner.thread.cancellationDeferred()).isTrue();
            childGate.countDown();
            Cancellation.cancelAndWait(owner);
        }
        assertThat(child.get().resultNow()).isEqualTo("child finished");
        assertThat(trace).singleElement().asString()
                .contains("re-delivered").contains("shielded scope shielded");
    }

    /** test_taskscope_shielded_nested_3: an outer unshielded scope is aborted by the re-delivery. */
    @Test
    void theRedeliveredCancellationAbortsTheEnclosingUnshieldedScope() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch gate = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Task<Object>> outerChild = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Task<String>> innerChild = new java.util.concurrent.atomic.AtomicReference<>();
        try (TaskScope root = TaskScope.open()) {
            Task<Object> owner = root.fork(() -> {
                try (TaskScope outer = TaskScope.open("outer")) {
                    outerChild.set(outer.fork(() -> {
                        started.countDown();
                        return Sync.blockUntilCancelled();
                    }));
                    try (TaskScope inner = TaskScope.builder().shield(true).open()) {
                        innerChild.set(inner.fork(() -> {
                            started.countDown();
                            gate.await();
                            return "inner done";
                        }));
                    }
                    return Sync.blockUntilCancelled(); // not reached: the inner scope's close re-delivers
                }
            });
            started.await();
            owner.cancel(true);
            gate.countDown();
            Cancellation.cancelAndWait(owner);
        }
        assertThat(innerChild.get().resultNow()).isEqualTo("inner done");
        assertThat(outerChild.get().status()).isEqualTo(Task.Status.CANCELLED);
        assertThat(outerChild.get().isAlive()).isFalse();
    }

    @Test
    void aShieldScopeIsClosedByItsOwnThreadOnly() throws Exception {
        ShieldScope shield = ShieldScope.open();
        Throwable[] got = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                shield.close();
            } catch (Throwable t) {
                got[0] = t;
            }
        });
        other.start();
        other.join();
        shield.close();
        shield.close();
        assertThat(got[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed by the thread that opened it");
    }
}
