package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Task as a Future: the JDK's meanings, plus join and waiting for the thread. */
class TaskTest {

    @Test
    void aSuccessfulTask() throws Exception {
        try (TaskScope scope = TaskScope.open()) {
            Task<String> t = scope.fork("ok", () -> "value");
            assertThat(t.join()).isEqualTo("value");
            assertThat(t.get()).isEqualTo("value");
            assertThat(t.resultNow()).isEqualTo("value");
            assertThat(t.status()).isEqualTo(Task.Status.SUCCESS);
            assertThat(t.isDone()).isTrue();
            assertThat(t.isCancelled()).isFalse();
            assertThat(t.cancel(true)).isFalse();
            assertThatThrownBy(t::exceptionNow).isInstanceOf(IllegalStateException.class).hasMessage("Task ok completed with a result");
            assertThat(t.toString()).contains("ok").contains("SUCCESS");
        }
    }

    @Test
    void aFailedTaskRethrowsUncheckedFailuresAsIsAndWrapsCheckedOnes() throws Exception {
        IllegalStateException unchecked = new IllegalStateException("unchecked");
        IOException checked = new IOException("checked");
        try (Supervisor scope = Supervisor.open()) {
            Task<String> u = scope.fork(() -> {
                throw unchecked;
            });
            Task<String> c = scope.fork(() -> {
                throw checked;
            });
            assertThatThrownBy(u::join).isSameAs(unchecked);
            assertThatThrownBy(c::join).isInstanceOf(CompletionException.class).hasCause(checked);
            assertThatThrownBy(c::get).isInstanceOf(ExecutionException.class).hasCause(checked);
            assertThat(c.exceptionNow()).isSameAs(checked);
            assertThatThrownBy(c::resultNow).isInstanceOf(IllegalStateException.class).hasCause(checked);
            assertThat(c.status()).isEqualTo(Task.Status.FAILED);
        }
    }

    @Test
    void aRunningTask() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open()) {
            Task<String> t = scope.fork("running", () -> {
                gate.await();
                return "late";
            });
            assertThat(t.status()).isEqualTo(Task.Status.RUNNING);
            assertThat(t.isDone()).isFalse();
            assertThat(t.isAlive()).isTrue();
            assertThatThrownBy(t::resultNow).hasMessage("Task running has not completed");
            assertThatThrownBy(t::exceptionNow).hasMessage("Task running has not completed");
            assertThatThrownBy(() -> t.get(0, TimeUnit.NANOSECONDS)).isInstanceOf(TimeoutException.class);
            gate.countDown();
        }
    }

    @Test
    void aCancelledTaskIsDoneAtOnceButWaitedForUntilItsThreadLeft() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cleanup = new CountDownLatch(1);
        try (TaskScope scope = TaskScope.open()) {
            Task<String> t = scope.fork("cancelled", () -> {
                try {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                } finally {
                    Sync.awaitUninterruptibly(cleanup);
                }
            });
            started.await();
            assertThat(t.cancel(true)).isTrue();
            assertThat(t.isDone()).isTrue();
            assertThat(t.isCancelled()).isTrue();
            assertThat(t.isAlive()).as("still in its cleanup").isTrue();
            cleanup.countDown();
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThat(t.isAlive()).isFalse();
            assertThatThrownBy(t::get).isInstanceOf(CancellationException.class);
            assertThatThrownBy(t::resultNow).hasMessage("Task cancelled was cancelled");
        }
    }

    /** On JDK 19+, Future.state() (a default method) agrees with status(); Task declares no clashing state(). */
    @Test
    void futureStateAgreesWithStatusOnJdk19AndLater() throws Exception {
        Method state;
        try {
            state = Future.class.getMethod("state");
        } catch (NoSuchMethodException e) {
            assertThat(Runtime.version().feature()).isLessThan(19);
            return;
        }
        assertThat(Task.class.getDeclaredMethods()).noneMatch(m -> m.getName().equals("state"));
        try (Supervisor scope = Supervisor.open()) {
            Task<String> ok = scope.fork(() -> "v");
            Task<String> bad = scope.fork(() -> {
                throw new IOException();
            });
            ok.join();
            assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class);
            assertThat(state.invoke(ok).toString()).isEqualTo(ok.status().name());
            assertThat(state.invoke(bad).toString()).isEqualTo(bad.status().name());
            // resultNow/exceptionNow are the JDK's own methods, overridden with the same meaning.
            assertThat(Task.class.getMethod("resultNow").getDeclaringClass()).isEqualTo(Task.class);
            assertThat(Future.class.getMethod("exceptionNow").invoke(bad)).isInstanceOf(IOException.class);
        }
    }
}
