package dev.timescope;

import dev.timescope.internal.jfr.Recorder;
import dev.timescope.internal.scope.Ids;
import dev.timescope.internal.scope.Signals;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A task forked in a scope ({@link AbstractTaskScope#fork}), running on its own thread.
 *
 * <p>A task is a {@link Future}, with two differences that make it safe to reason about:
 * <ul>
 *   <li>{@link #cancel(boolean) cancel(true)} marks it {@link Status#CANCELLED} <em>and</em> interrupts its
 *       thread (unless the thread is inside a shield, where the interrupt waits for the shield to end);</li>
 *   <li>{@link #get()}, {@link #join()} and {@link Cancellation#cancelAndWait} of a cancelled task return only
 *       once its thread has left the task's code, not as soon as its state flipped.</li>
 * </ul>
 *
 * <p>{@link #resultNow()} and {@link #exceptionNow()} keep the meaning {@code Future} gives them on JDK 19+.
 * The state is read with {@link #status()} ({@code Future.state()} works too on JDK 19+).
 *
 * @param <T> the result type
 */
public final class Task<T> implements Future<T> {

    /** A task's state; the same four states as {@code Future.State} on JDK 19+. */
    public enum Status {
        /** Not finished, and not cancelled. */
        RUNNING,
        /** Returned a result. */
        SUCCESS,
        /** Threw an exception (not a cancellation). */
        FAILED,
        /** Cancelled, or cancelled itself by throwing {@link CancellationException}. */
        CANCELLED
    }

    private static final int RUNNING = 0;
    private static final int SUCCESS = 1;
    private static final int FAILED = 2;
    private static final int CANCELLED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Task.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    /** The name given to fork, or null: the default is built only when asked for (forking stays cheap). */
    private final String givenName;
    private String name;
    private final AbstractTaskScope scope;
    private final Task<?> parentTask;
    final ThreadState thread;
    private final CountDownLatch exited = new CountDownLatch(1);
    private Callable<? extends T> callable;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    /** The result or the exception; written before the state that publishes it. */
    private Object outcome;
    /** What the code itself ended with, even if the task was cancelled first; for cancelAndWait. */
    private Throwable codeFailure;
    private boolean codeRan;
    /** The task's event while a recording wants it (docs/events.md), else null; set before the thread starts. */
    Object trace;

    Task(String name, AbstractTaskScope scope, Task<?> parentTask, Callable<? extends T> callable) {
        this.id = Ids.next();
        this.givenName = name;
        this.scope = scope;
        this.parentTask = parentTask;
        this.callable = callable;
        this.thread = new ThreadState(this, null);
    }

    /**
     * The task's id, drawn from the same sequence as the ids of scopes.
     *
     * @return a number unique among the scopes and tasks of this JVM
     */
    public long id() {
        return id;
    }

    /**
     * The task's name.
     *
     * @return the name given to {@code fork}, or else {@code <scope name>/task-<id>}
     */
    public String name() {
        String n = name;
        if (n == null) {
            n = givenName != null ? givenName : scope.name() + "/task-" + id;
            name = n; // a benign race: every thread computes the same string
        }
        return n;
    }

    /** True if fork was given a name. */
    boolean named() {
        return givenName != null;
    }

    /**
     * The scope the task was forked in, which does not close before the task's thread has left its code.
     *
     * @return the task's scope
     */
    public AbstractTaskScope scope() {
        return scope;
    }

    /**
     * The task that forked this one. It may differ from the task that opened the scope: a scope's children
     * fork into it too.
     *
     * @return the forking task, or empty if the forking thread was not a task's (timescope did not start it)
     */
    public Optional<Task<?>> parentTask() {
        return Optional.ofNullable(parentTask);
    }

    /**
     * The task's state now, without waiting. A task is {@link Status#CANCELLED} as soon as it is cancelled,
     * possibly while its thread still runs its cleanup (see {@link #isAlive()}).
     *
     * @return the current state
     */
    public Status status() {
        switch ((int) STATE.getVolatile(this)) {
            case SUCCESS:
                return Status.SUCCESS;
            case FAILED:
                return Status.FAILED;
            case CANCELLED:
                return Status.CANCELLED;
            default:
                return Status.RUNNING;
        }
    }

    /**
     * Whether the task's thread is still in the task's code. A cancelled task is {@linkplain #isDone() done}
     * at once, but may still be running its cleanup: this tells.
     *
     * @return true until the task's thread has left the task's code; false if its thread could not be started
     */
    public boolean isAlive() {
        return exited.getCount() > 0;
    }

    /**
     * Cancels the task: its state becomes {@link Status#CANCELLED} and, if {@code mayInterruptIfRunning},
     * its thread is interrupted (later, when the thread leaves a shield it is in). Returns at once; use
     * {@link Cancellation#cancelAndWait(Future)} to wait until the task has really stopped.
     *
     * @param mayInterruptIfRunning whether to interrupt the task's thread as well
     * @return true if this call cancelled the task; false if it had already finished or been cancelled
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!STATE.compareAndSet(this, RUNNING, CANCELLED)) {
            return false;
        }
        if (mayInterruptIfRunning) {
            thread.requestCancel();
        }
        recordCancel(Recorder.CANCEL, mayInterruptIfRunning ? "cancelled through Future.cancel(true)"
                : "cancelled through Future.cancel(false)");
        return true;
    }

    /**
     * Cancels and makes sure the thread is asked to stop, even if an earlier {@code cancel(false)} only flipped
     * the state; true if this call cancelled it.
     */
    boolean cancelAndInterrupt() {
        boolean cancelled = STATE.compareAndSet(this, RUNNING, CANCELLED);
        if ((int) STATE.getVolatile(this) == CANCELLED) {
            thread.requestCancel();
        }
        return cancelled;
    }

    @Override
    public boolean isCancelled() {
        return (int) STATE.getVolatile(this) == CANCELLED;
    }

    @Override
    public boolean isDone() {
        return (int) STATE.getVolatile(this) != RUNNING;
    }

    /**
     * Waits for the outcome. A cancelled task is waited for until its thread has left its code.
     *
     * @return the task's result
     * @throws InterruptedException if the waiting thread was interrupted
     * @throws CancellationException if the task was cancelled
     * @throws ExecutionException with the task's exception as its cause, if it failed
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitOutcome();
        return report();
    }

    /**
     * Waits at most {@code timeout} for the outcome. A cancelled task is waited for until its thread has left
     * its code. On a member of a virtual-time domain the timeout is virtual time.
     *
     * @param timeout how long to wait at most
     * @param unit the unit of {@code timeout}
     * @return the task's result
     * @throws InterruptedException if the waiting thread was interrupted
     * @throws ExecutionException with the task's exception as its cause, if it failed
     * @throws TimeoutException if the task's thread is still in its code when the timeout expires
     * @throws CancellationException if the task was cancelled
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        int s = (int) STATE.getVolatile(this);
        if ((s == RUNNING || s == CANCELLED) && !exited.await(timeout, unit)) {
            throw new TimeoutException("task " + name() + " still running after " + timeout + " " + unit);
        }
        return report();
    }

    /**
     * Waits for the task and returns its result, like {@link #get()} but with the failure unwrapped:
     * a {@code RuntimeException} or {@code Error} of the task is thrown as is, a checked exception
     * wrapped in a {@link CompletionException}.
     *
     * @return the task's result
     * @throws CancellationException if the task was cancelled (once its thread has left its code)
     * @throws InterruptedException if the waiting thread was interrupted
     */
    public T join() throws InterruptedException {
        awaitOutcome();
        int s = (int) STATE.getVolatile(this);
        if (s == SUCCESS) {
            return result();
        }
        if (s == FAILED) {
            throw Signals.rethrow((Throwable) outcome);
        }
        throw cancelled();
    }

    /**
     * The result of a task that succeeded, without waiting.
     *
     * @return the task's result
     * @throws IllegalStateException if the task is running, failed or was cancelled
     */
    public T resultNow() {
        switch ((int) STATE.getVolatile(this)) {
            case SUCCESS:
                return result();
            case FAILED:
                throw new IllegalStateException("Task " + name() + " completed with an exception", (Throwable) outcome);
            case CANCELLED:
                throw new IllegalStateException("Task " + name() + " was cancelled");
            default:
                throw new IllegalStateException("Task " + name() + " has not completed");
        }
    }

    /**
     * The exception of a task that failed, without waiting.
     *
     * @return the exception the task's code threw
     * @throws IllegalStateException if the task is running, succeeded or was cancelled
     */
    public Throwable exceptionNow() {
        switch ((int) STATE.getVolatile(this)) {
            case FAILED:
                return (Throwable) outcome;
            case SUCCESS:
                throw new IllegalStateException("Task " + name() + " completed with a result");
            case CANCELLED:
                throw new IllegalStateException("Task " + name() + " was cancelled");
            default:
                throw new IllegalStateException("Task " + name() + " has not completed");
        }
    }

    @Override
    public String toString() {
        return "Task[" + name() + " #" + id + ", " + status() + "]";
    }

    // ---------------------------------------------------------------- for the scope and Cancellation

    void bind(Thread t) {
        thread.bind(t);
    }

    /** Waits until the thread has left the task's code. */
    void awaitExit() throws InterruptedException {
        exited.await();
    }

    /** A task that failed or succeeded has left its code; a cancelled one is waited for. */
    private void awaitOutcome() throws InterruptedException {
        int s = (int) STATE.getVolatile(this);
        if (s == RUNNING || s == CANCELLED) {
            exited.await();
        }
    }

    /** Whether the code ran at all (a task cancelled before its thread started never runs it). */
    boolean codeRan() {
        return codeRan;
    }

    /** What the code threw, even after a cancellation; null if it returned. Valid once exited. */
    Throwable codeFailure() {
        return codeFailure;
    }

    /** The task's body, on its own thread. */
    void run() {
        ThreadState.attach(thread);
        try {
            Callable<? extends T> body = callable;
            callable = null;
            if ((int) STATE.getVolatile(this) != RUNNING) {
                thread.codeEnded();
                return; // cancelled before it started
            }
            codeRan = true;
            if (trace != null) {
                Recorder.taskStarted(trace);
            }
            T value = null;
            Throwable failure = null;
            try {
                value = body.call();
            } catch (Throwable t) {
                failure = t;
            }
            thread.codeEnded();
            codeFailure = failure;
            if (failure == null) {
                outcome = value;
                STATE.compareAndSet(this, RUNNING, SUCCESS);
            } else {
                outcome = failure;
                // A task that throws CancellationException cancelled itself: nobody else is affected.
                STATE.compareAndSet(this, RUNNING, failure instanceof CancellationException ? CANCELLED : FAILED);
            }
            scope.childEnded(this, failure);
        } finally {
            ThreadState.detach();
            if (trace != null) {
                record();
            }
            exited.countDown();
            scope.childExited(this);
        }
    }

    /** Records the task's event (docs/events.md), as its thread leaves its code. */
    private void record() {
        Status s = status();
        Recorder.taskEnded(trace, id, scope.id(), parentTask == null ? 0 : parentTask.id, name(), s.name(),
                codeFailure, s == Status.FAILED);
        trace = null; // a task kept for its result keeps no event
    }

    /** Records that the calling thread cancelled this task because of {@code reason} (a code of the recorder). */
    void recordCancel(String reason, String detail) {
        if (Recorder.cancellationsWanted()) {
            ThreadState requester = ThreadState.current();
            Recorder.taskCancelled(id, scope.id(), requester == null || requester.task == null ? 0 : requester.task.id,
                    reason, detail);
        }
    }

    /** The thread could not be started: the task fails with that error and never runs. */
    void failToStart(Throwable error) {
        outcome = error;
        codeFailure = error;
        STATE.compareAndSet(this, RUNNING, FAILED);
        if (trace != null) {
            record();
        }
        exited.countDown();
    }

    @SuppressWarnings("unchecked")
    private T result() {
        return (T) outcome;
    }

    private T report() throws ExecutionException {
        int s = (int) STATE.getVolatile(this);
        if (s == SUCCESS) {
            return result();
        }
        if (s == FAILED) {
            throw new ExecutionException((Throwable) outcome);
        }
        throw cancelled();
    }

    private CancellationException cancelled() {
        CancellationException e = new CancellationException("task " + name() + " was cancelled");
        if (outcome instanceof CancellationException) {
            e.initCause((Throwable) outcome);
        }
        return e;
    }
}
