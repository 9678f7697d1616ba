package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The context helpers, ported from aiotools' test_context.py and test_defer.py. */
@SuppressWarnings("try") // resources opened for their effect on the block, not to be used
class ContextsTest {

    private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    /** test_resetting_ctxvar. */
    @Test
    void resettingRestoresTheThreadLocalEvenOnExceptions() {
        REQUEST.set("outer");
        try (Contexts.Reset reset = Contexts.resetting(REQUEST, "inner")) {
            assertThat(REQUEST.get()).isEqualTo("inner");
        }
        assertThat(REQUEST.get()).isEqualTo("outer");
        assertThatThrownBy(() -> {
            try (Contexts.Reset reset = Contexts.resetting(REQUEST, "failing")) {
                throw new IllegalStateException("body");
            }
        }).hasMessage("body");
        assertThat(REQUEST.get()).isEqualTo("outer");
        REQUEST.remove();
        try (Contexts.Reset reset = Contexts.resetting(REQUEST, "temporary")) {
            assertThat(REQUEST.get()).isEqualTo("temporary");
        }
        assertThat(REQUEST.get()).as("an unset ThreadLocal stays unset").isNull();
    }

    @Test
    void aScopedValueIsBoundForTheBlockWhereTheJdkHasOne() throws Exception {
        Object scoped;
        try {
            scoped = Class.forName("java.lang.ScopedValue").getMethod("newInstance").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            assertThatThrownBy(() -> Contexts.callWhere("x", "y", () -> 1)).isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        Object bound;
        try {
            bound = Contexts.callWhere(scoped, "v", () -> scoped.getClass().getMethod("get").invoke(scoped));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("ScopedValue is a disabled preview on Java " + Runtime.version().feature());
            return;
        }
        assertThat(bound).isEqualTo("v");
        assertThat(scoped.getClass().getMethod("isBound").invoke(scoped)).isEqualTo(false);
        assertThatThrownBy(() -> Contexts.callWhere(scoped, "v", () -> {
            throw new IOException("body");
        })).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Contexts.callWhere("not one", "v", () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a java.lang.ScopedValue: not one");
    }

    /** test_defer. */
    @Test
    void deferRunsItsActionsLastFirst() throws Exception {
        List<Integer> x = new ArrayList<>();
        try (Defer defer = Defer.open()) {
            x.add(1);
            defer.defer(() -> x.add(1));
            x.add(2);
            defer.defer(() -> x.add(2));
            x.add(3);
            defer.defer(() -> x.add(3));
        }
        assertThat(x).containsExactly(1, 2, 3, 3, 2, 1);
    }

    /** test_defer_inner_exception. */
    @Test
    void deferRunsItsActionsWhenTheBlockThrowsAndReportsTheirFailuresBehindIt() {
        List<Integer> x = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (Defer defer = Defer.open()) {
                x.add(1);
                defer.defer(() -> x.add(1));
                x.add(2);
                defer.defer(() -> {
                    throw new IOException("cleanup 2 failed");
                });
                throw new ArithmeticException();
            }
        }).isInstanceOf(ArithmeticException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(IOException.class));
        assertThat(x).containsExactly(1, 2, 1);
    }

    /** A resource for the group tests: records its close, fails it on request. */
    private static final class Resource implements AutoCloseable {
        final int value;
        final List<Integer> closed;
        final boolean failClose;
        final CountDownLatch rendezvous;

        Resource(int value, List<Integer> closed, boolean failClose) {
            this(value, closed, failClose, new CountDownLatch(0));
        }

        Resource(int value, List<Integer> closed, boolean failClose, CountDownLatch rendezvous) {
            this.value = value;
            this.closed = closed;
            this.failClose = failClose;
            this.rendezvous = rendezvous;
        }

        @Override
        public void close() {
            rendezvous.countDown();
            Sync.awaitUninterruptibly(rendezvous); // with a count of 2, only concurrent closes get past this
            closed.add(value);
            if (failClose) {
                throw new IllegalStateException("close " + value + " failed");
            }
        }
    }

    /** test_actxgroup_exception_from_cm: opening failures are seen by the body; close failures are exit states. */
    @Test
    void aContextGroupRunsTheBodyWithEachValueOrFailureAndRecordsEachExit() throws Exception {
        List<Integer> closed = new CopyOnWriteArrayList<>();
        ContextGroup<Resource> group = ContextGroup.open(List.<Callable<Resource>>of(() -> {
            throw new CancellationException("cancelled while opening");
        }, () -> {
            throw new ArithmeticException();
        }, () -> new Resource(3, closed, false), () -> new Resource(4, closed, true)));
        try (group) {
            List<Task<Resource>> entered = group.entered();
            assertThat(entered).extracting(Task::status).containsExactly(
                    Task.Status.CANCELLED, Task.Status.FAILED, Task.Status.SUCCESS, Task.Status.SUCCESS);
            assertThat(entered.get(1).exceptionNow()).isInstanceOf(ArithmeticException.class);
            assertThat(entered.get(2).resultNow().value).isEqualTo(3);
            assertThatThrownBy(group::exitFailures).isInstanceOf(IllegalStateException.class);
        }
        assertThat(closed).containsExactlyInAnyOrder(3, 4);
        assertThat(group.exitFailures()).hasSize(4);
        assertThat(group.exitFailures().get(2)).isEmpty();
        assertThat(group.exitFailures().get(3)).get().asString().contains("close 4 failed");
    }

    /** test_actxgroup_exception_from_body: the body's exception is never swallowed, and every resource closes. */
    @Test
    void aContextGroupNeverSwallowsTheBodysException() throws Exception {
        List<Integer> closed = new CopyOnWriteArrayList<>();
        CountDownLatch bothClosing = new CountDownLatch(2);
        List<Callable<Resource>> openers = List.of(
                () -> new Resource(1, closed, false, bothClosing), () -> new Resource(2, closed, false, bothClosing));
        assertThatThrownBy(() -> {
            try (ContextGroup<Resource> group = ContextGroup.open(openers)) {
                throw new ArithmeticException("body");
            }
        }).isInstanceOf(ArithmeticException.class).hasMessage("body");
        assertThat(closed).containsExactlyInAnyOrder(1, 2);
    }
}
