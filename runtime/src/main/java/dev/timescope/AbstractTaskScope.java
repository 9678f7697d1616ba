package dev.timescope;

import dev.timescope.internal.hooks.ThreadHooks;
import dev.timescope.internal.hooks.TimeHooks;
import dev.timescope.internal.jfr.Recorder;
import dev.timescope.internal.scope.Ids;
import dev.timescope.internal.scope.Signals;
import dev.timescope.internal.scope.TaskThreads;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What {@link TaskScope}, {@link Supervisor} and {@link TaskGroup} share: a block of code (the body,
 * run by the thread that opened the scope, its <em>owner</em>) that forks tasks and does not end before
 * every one of them has.
 *
 * <pre>{@code
 * try (TaskScope scope = TaskScope.open()) {
 *     Task<String> beta = scope.fork(() -> worker("Beta", 1));
 *     String result = beta.join();
 * }   // waits for every task; afterwards each one is done
 * }</pre>
 *
 * <h2>Leaving the scope</h2>
 * {@link #close()} waits until every task's thread has left the task's code. Children, and any other
 * thread, may fork while it waits. The scope is <em>aborted</em> (every child cancelled, then waited for,
 * and {@code fork} refused) when
 * <ul>
 *   <li>its body fails: seen by the {@link Builder#run run}/{@link Builder#call call} forms; Java does not tell
 *       {@code close()} that a try-with-resources block threw, so there call {@link #abort()} in a
 *       {@code catch} or use those forms;</li>
 *   <li>its owner is cancelled: its task is cancelled, or the owner is interrupted while {@code close()} waits;</li>
 *   <li>its timeout expires: the owner is interrupted too, and leaving the scope throws
 *       {@link ScopeTimeoutException}, even if the scope is shielded;</li>
 *   <li>{@link #abort()} is called, from any thread (this one does not interrupt the owner);</li>
 *   <li>for a {@link TaskGroup}, a child fails.</li>
 * </ul>
 * When several apply, leaving the scope throws, in this order: an {@code Error} (of the body, or the first of a
 * child), the {@link ScopeTimeoutException}, a {@link TaskGroup}'s {@link ScopeFailedException}, the body's own
 * exception (unwrapped), then a {@link CancellationException} for an owner cancelled while it waited.
 *
 * <h2>Shield</h2>
 * A shielded scope defers the cancellations that reach its owner's task through timescope (a parent scope's
 * abort, {@link Task#cancel}, {@link Cancellation#cancelAndWait}) until the outermost shield of that thread
 * ends; then {@code close()} delivers it as a {@link CancellationException}. A raw {@code Thread.interrupt()}
 * is not deferred, except while {@code close()} waits. See also {@link ShieldScope}.
 *
 * <h2>The tree</h2>
 * Every scope has an {@link #id()}, a {@link #name()}, the scope it is nested in ({@link #parentScope()}) and
 * the task that opened it ({@link #parentTask()}); every {@link Task} likewise.
 */
public abstract sealed class AbstractTaskScope implements AutoCloseable permits TaskScope, Supervisor, TaskGroup {

    private static final System.Logger LOG = System.getLogger("dev.timescope");

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    /** How a scope treats a failed child. */
    enum Policy {
        /** TaskScope: hand it to the exception handler. */
        HANDLE,
        /** Supervisor: leave it on the task. */
        SILENT,
        /** TaskGroup: abort the scope, report it at exit. */
        FAIL_FAST
    }

    private final long id;
    private final String name;
    private final Policy policy;
    private final Duration timeout;
    private final boolean shield;
    private final TaskExceptionHandler handler;
    private final ThreadFactory threadFactory;
    private final Consumer<Task<?>> onChildDone;
    private final Thread owner;
    private final ThreadState ownerState;
    private final AbstractTaskScope parentScope;
    private final Task<?> parentTask;
    /** The owner's innermost scope before this one, restored on exit (null in a task's first scope). */
    private final AbstractTaskScope enclosing;
    /** Cancellations delivered to the owner's task before this scope opened. */
    private final int deliveriesAtOpen;
    /** The owner's shield depth inside this scope: shields deeper than this defer the scope's own interrupts. */
    private final int shieldDepth;
    /** How many scopes of the owner's thread enclose this one. */
    private final int level;
    /** Interrupts the scopes around this one had sent its owner when it opened. */
    private final long interruptsAboveAtOpen;
    /** The scope's event while a recording wants it (docs/events.md), else null. */
    private final Object trace;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    /*
     * Forking and exiting take no lock: a child counts in `running` from before it is checked against the
     * phase until after it has left its code, and sits in `live` (for abort) meanwhile. A finished task
     * leaves both, so a long-lived scope keeps nothing. Phase and abort reason change under `lock`.
     */
    private final Set<Task<?>> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private volatile int phase = OPEN;
    private volatile String abortReason;
    private boolean timedOut;
    /** The scope interrupted its owner itself (timeout, fail-fast): that interrupt is spent when it leaves. */
    private boolean interruptedOwner;
    private Throwable childError;
    private List<Throwable> failures;

    private Thread timer;
    private CountDownLatch closedSignal;

    AbstractTaskScope(Builder<?> options, Policy policy) {
        this.trace = Recorder.scopeOpened();
        this.id = Ids.next();
        this.name = options.name != null ? options.name : options.kind.label + "-" + id;
        this.policy = policy;
        this.timeout = options.timeout;
        this.shield = options.shield;
        this.handler = options.handler;
        this.threadFactory = options.threadFactory;
        this.onChildDone = options.onChildDone;
        this.owner = Thread.currentThread();
        this.ownerState = ThreadState.currentOrCreate();
        this.enclosing = ownerState.scope;
        this.level = enclosing == null ? 0 : enclosing.level + 1;
        this.interruptsAboveAtOpen = ownerState.scopeInterruptsAbove(level);
        this.parentTask = ownerState.task;
        // A task's first scope hangs under the scope the task was forked in: one tree across threads.
        this.parentScope = enclosing != null ? enclosing : parentTask != null ? parentTask.scope() : null;
        this.deliveriesAtOpen = ownerState.deliveries();
        ownerState.scope = this;
        if (shield) {
            ownerState.enterShield();
        }
        this.shieldDepth = ownerState.shieldDepthNow();
        ScopeTree.opened(this);
        if (timeout != null) {
            startTimer();
        }
    }

    /**
     * The scope's id, drawn from the same sequence as the ids of {@link Task}s.
     *
     * @return a number unique among the scopes and tasks of this JVM
     */
    public final long id() {
        return id;
    }

    /**
     * The scope's name, as given to {@link Builder#name}, or else its kind and {@link #id()}
     * ({@code scope-7}, {@code supervisor-8}, {@code group-9}). Its tasks' default names start with it.
     *
     * @return the scope's name, never null
     */
    public final String name() {
        return name;
    }

    /**
     * The scope this one is nested in: the owner's innermost open scope when it opened this one, or else the
     * scope of the owner's task.
     *
     * @return the enclosing scope, or empty for a top-level scope of a thread timescope did not start
     */
    public final Optional<AbstractTaskScope> parentScope() {
        return Optional.ofNullable(parentScope);
    }

    /**
     * The task whose thread opened this scope.
     *
     * @return that task, or empty if the owner is not a task's thread (timescope did not start it)
     */
    public final Optional<Task<?>> parentTask() {
        return Optional.ofNullable(parentTask);
    }

    /**
     * The thread that opened the scope: only it may {@link #close()} it.
     *
     * @return the owner thread
     */
    public final Thread owner() {
        return owner;
    }

    /**
     * The timeout given to {@link Builder#timeout}, measured from when the scope opened.
     *
     * @return the timeout, or empty if the scope has none
     */
    public final Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * Whether the scope defers cancellations of its owner's task until the outermost shield ends (see
     * "Shield" in the class description).
     *
     * @return true if the scope was opened with {@link Builder#shield shield(true)}
     */
    public final boolean isShielded() {
        return shield;
    }

    /**
     * Whether the scope is aborted: its children were cancelled and {@code fork} is refused. Once true it stays
     * true.
     *
     * @return true once the scope is aborted, for any of the reasons the class description lists
     */
    public final boolean isAborted() {
        return abortReason != null;
    }

    /**
     * Forks {@code callable} as a new task named {@code <scope name>/task-<id>}, as
     * {@link #fork(String, Callable)} does.
     *
     * @param <T> the type of the task's result
     * @param callable the task's code
     * @return the task, already started
     * @throws IllegalStateException if the scope is closed or aborted
     */
    public final <T> Task<T> fork(Callable<? extends T> callable) {
        return fork(null, callable);
    }

    /**
     * Forks {@code callable} as a new task running on its own thread: a virtual thread on JDK 21+, a
     * platform thread on 17, or one from the scope's thread factory. Any thread may fork, the scope's
     * children included, until the scope has closed or is aborted.
     *
     * @param <T> the type of the task's result
     * @param name the task's name (also its thread's, unless the scope has a thread factory); null for a default
     * @param callable the task's code; what it returns or throws becomes the task's outcome
     * @return the task, already started
     * @throws IllegalStateException if the scope is closed or aborted
     */
    public final <T> Task<T> fork(String name, Callable<? extends T> callable) {
        Objects.requireNonNull(callable, "callable");
        ThreadState caller = ThreadState.current();
        Task<T> task = new Task<>(name, this, caller == null ? null : caller.task, callable);
        task.trace = Recorder.taskForked();
        // Count it and list it first, then check: close() and abort() write the phase and the reason before
        // they look at the count and the list, so one of the two always sees the other.
        running.incrementAndGet();
        live.add(task);
        int p = phase;
        String reason = abortReason;
        if (p == CLOSED || reason != null) {
            childExited(task);
            throw new IllegalStateException("cannot fork " + task.name() + ": scope " + this.name
                    + (p == CLOSED ? " is closed" : " is shutting down (" + reason + ")"));
        }
        try {
            Thread thread = TaskThreads.newThread(threadFactory, task::run, task.named() ? task.name() : null, task::name);
            task.bind(thread);
            thread.start();
        } catch (RuntimeException | Error e) {
            task.failToStart(e);
            childExited(task);
            throw e;
        }
        return task;
    }

    /**
     * Aborts the scope: cancels every child and refuses further forks. Returns at once, from any thread;
     * the owner's {@link #close()} waits for the children to stop. Leaving the scope throws nothing
     * because of an abort.
     */
    public final void abort() {
        cancelAll(beginAbort("aborted"), Recorder.ABORT);
    }

    /**
     * Leaves the scope: waits until every child has left its code (aborting the scope if the owner is
     * cancelled meanwhile), then reports as the class description says. Only the owner may close the
     * scope, innermost first; closing again does nothing.
     *
     * @throws ScopeTimeoutException if the scope's timeout expired
     * @throws ScopeFailedException if a fail-fast scope failed
     * @throws CancellationException if the owner was cancelled while the scope waited, or a cancellation
     *         deferred by the outermost shield is re-delivered
     * @throws IllegalStateException if called by another thread than the owner, or with an inner scope still open
     */
    @Override
    public final void close() {
        Throwable toThrow = exit(null);
        if (toThrow != null) {
            throw Signals.rethrow(toThrow);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + " #" + id + "]";
    }

    // ---------------------------------------------------------------- leaving

    /**
     * Ends the scope after a body that ended with {@code bodyFailure} (null if it returned, or unknown);
     * returns what leaving the scope must throw, or null.
     */
    final Throwable exit(Throwable bodyFailure) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("scope " + name + " must be closed by its owner \"" + owner.getName()
                    + "\", not by \"" + Thread.currentThread().getName() + "\"");
        }
        if (ownerState.scope != this) {
            if (isClosed()) {
                return null;
            }
            String inner = ownerState.scope == null ? "?" : ownerState.scope.name;
            throw new IllegalStateException("scope " + name + " closed while its inner scope " + inner
                    + " is still open: close scopes innermost first");
        }
        try {
            return leave(bodyFailure);
        } catch (RuntimeException | Error e) {
            if (trace != null) {
                record(e); // a virtual clock's failure (a deadlock) cut the wait short
            }
            throw e;
        } finally {
            ScopeTree.closed(this); // even when a virtual clock's failure cuts the wait short
        }
    }

    /** Leaves the scope, its owner checked: waits for the children, then records and returns the outcome. */
    private Throwable leave(Throwable bodyFailure) {
        boolean ownerCancelled = ownerState.deliveries() != deliveriesAtOpen
                || ownerState.scopeInterruptsAbove(level) != interruptsAboveAtOpen;
        boolean interrupted = false;
        List<Task<?>> toCancel = null;
        lock.lock();
        try {
            phase = CLOSING;
            String why = null;
            if (bodyFailure != null) {
                toCancel = beginAbortLocked("its body failed: " + bodyFailure);
                why = Recorder.BODY_FAILED;
            } else if (ownerCancelled) {
                toCancel = beginAbortLocked("its owner was cancelled");
                why = Recorder.OWNER_CANCELLED;
            }
            cancelAll(toCancel, why);
            while (true) {
                while (running.get() > 0) {
                    try {
                        idle.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        if (!interruptedOwner && !shield) {
                            ownerCancelled = true;
                            cancelAll(beginAbortLocked("its owner was cancelled"), Recorder.OWNER_CANCELLED);
                        }
                    }
                }
                phase = CLOSED;
                if (running.get() == 0) {
                    break;
                }
                phase = CLOSING; // a fork counted itself before it could see CLOSED: it is in, wait for it too
            }
        } finally {
            lock.unlock();
        }
        interrupted |= stopTimer();
        ownerState.scope = enclosing;
        if (ownerInterruptedByScope()) {
            Thread.interrupted(); // the interrupt the scope sent its own owner is spent
            interrupted = false;
        }
        Throwable redelivered = null;
        if (shield) {
            try {
                ownerState.exitShield("shielded scope " + name);
            } catch (CancellationException e) {
                redelivered = e;
            }
        }
        ownerState.releaseIfIdle();
        Throwable result = outcome(bodyFailure, ownerCancelled, interrupted, redelivered);
        if (trace != null) {
            record(result);
        }
        return result;
    }

    /** Records the scope's event (docs/events.md), as its owner leaves it with {@code result} (null: nothing). */
    private void record(Throwable result) {
        String outcome = result == null ? (abortReason != null ? "ABORTED" : "SUCCESS")
                : result instanceof ScopeTimeoutException ? "TIMED_OUT"
                : result instanceof CancellationException ? "CANCELLED"
                : "FAILED";
        Recorder.scopeClosed(trace, id, parentScope == null ? 0 : parentScope.id, parentTask == null ? 0 : parentTask.id(),
                name, getClass().getSimpleName(), outcome, result, abortReason,
                timeout == null ? 0 : TimeHooks.saturatedNanos(timeout), shield);
    }

    private Throwable outcome(Throwable bodyFailure, boolean ownerCancelled, boolean interrupted, Throwable redelivered) {
        Throwable childErr;
        boolean expired;
        List<Throwable> failed;
        lock.lock();
        try {
            childErr = childError;
            expired = timedOut;
            failed = failures;
        } finally {
            lock.unlock();
        }
        if (interrupted && shield) {
            Thread.currentThread().interrupt(); // a raw interrupt, deferred while the shielded scope waited
        }
        if (bodyFailure instanceof Error) {
            return bodyFailure;
        }
        if (childErr != null) {
            return childErr;
        }
        if (expired) {
            return new ScopeTimeoutException(this, timeout, bodyFailure);
        }
        if (failed != null && !failed.isEmpty()) {
            ScopeFailedException e = new ScopeFailedException("scope " + name + " failed: " + failed.size()
                    + (failed.size() == 1 ? " task" : " tasks") + " failed", this, failed);
            if (bodyFailure != null && !Signals.isCancellation(bodyFailure)) {
                e.addSuppressed(bodyFailure);
            }
            return e;
        }
        if (bodyFailure != null) {
            return bodyFailure;
        }
        if (redelivered != null) {
            return redelivered;
        }
        if (ownerCancelled) {
            if (ownerState.task == null) {
                Thread.currentThread().interrupt(); // keep the interrupt for a thread timescope does not manage
            }
            return new CancellationException("scope " + name + " was cancelled: its owner \"" + owner.getName()
                    + "\" was cancelled");
        }
        return null;
    }

    private boolean ownerInterruptedByScope() {
        lock.lock();
        try {
            return interruptedOwner;
        } finally {
            lock.unlock();
        }
    }

    final boolean isClosed() {
        return phase == CLOSED;
    }

    // ---------------------------------------------------------------- children

    /** On the child's thread, once its state is final: the scope's policy for failures. */
    final void childEnded(Task<?> task, Throwable failure) {
        if (failure != null && !Signals.isCancellation(failure)) {
            if (failure instanceof Error) {
                lock.lock();
                try {
                    if (childError == null) {
                        childError = failure;
                    }
                } finally {
                    lock.unlock();
                }
            }
            switch (policy) {
                case HANDLE:
                    handle(task, failure);
                    break;
                case FAIL_FAST:
                    if (task.status() == Task.Status.FAILED) {
                        failFast(failure);
                    }
                    break;
                default:
                    break; // a Supervisor leaves it on the task
            }
        }
        if (onChildDone != null) {
            onChildDone.accept(task);
        }
    }

    /** On the child's thread, once it has left its code. */
    final void childExited(Task<?> task) {
        live.remove(task);
        if (running.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void handle(Task<?> task, Throwable failure) {
        try {
            if (handler != null) {
                handler.handle(task, failure);
            } else {
                LOG.log(Level.WARNING, () -> "task " + task.name() + " (#" + task.id() + ") of scope " + name + " failed", failure);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, () -> "the exception handler of scope " + name + " failed on task " + task.name(), e);
        }
    }

    private void failFast(Throwable failure) {
        List<Task<?>> toCancel;
        lock.lock();
        try {
            if (failures == null) {
                failures = new ArrayList<>(2);
            }
            failures.add(failure);
            toCancel = beginAbortLocked("a task failed: " + failure);
            if (toCancel != null && phase == OPEN) {
                interruptedOwner = true;
                ownerState.interruptFromScope(shieldDepth, level); // the first failure stops the body too
            }
        } finally {
            lock.unlock();
        }
        cancelAll(toCancel, Recorder.FAIL_FAST);
    }

    // ---------------------------------------------------------------- abort and timeout

    private List<Task<?>> beginAbort(String reason) {
        lock.lock();
        try {
            return beginAbortLocked(reason);
        } finally {
            lock.unlock();
        }
    }

    /** Marks the scope aborted; returns the children to cancel, or null if it already was (or is closed). */
    private List<Task<?>> beginAbortLocked(String reason) {
        if (abortReason != null || phase == CLOSED) {
            return null;
        }
        abortReason = reason;
        return live.isEmpty() ? null : new ArrayList<>(live);
    }

    /** Cancels {@code tasks} (null: none) because of {@code why}, a reason code of the recorded event. */
    private void cancelAll(List<Task<?>> tasks, String why) {
        if (tasks != null) {
            for (Task<?> task : tasks) {
                if (task.cancelAndInterrupt()) {
                    task.recordCancel(why, abortReason);
                }
            }
        }
    }

    private void startTimer() {
        closedSignal = new CountDownLatch(1);
        long nanos = TimeHooks.saturatedNanos(timeout); // the timeout was checked non-negative
        // Constructed by the owner, so under a virtual clock the timer is a member and its wait is virtual.
        timer = TaskThreads.newThread(null, () -> {
            try {
                if (!closedSignal.await(nanos, TimeUnit.NANOSECONDS)) {
                    expire();
                }
            } catch (InterruptedException e) {
                // the scope is closing
            }
        }, name + "/timeout", null);
        timer.start();
    }

    private void expire() {
        List<Task<?>> toCancel;
        lock.lock();
        try {
            if (phase == CLOSED) {
                return;
            }
            timedOut = true;
            toCancel = beginAbortLocked("timed out after " + timeout);
            interruptedOwner = true;
            ownerState.interruptFromScope(shieldDepth, level); // under the lock: never after close() has returned
        } finally {
            lock.unlock();
        }
        cancelAll(toCancel, Recorder.TIMEOUT);
    }

    /** Stops the timer thread and waits for it; true if the owner was interrupted meanwhile. */
    private boolean stopTimer() {
        if (timer == null) {
            return false;
        }
        closedSignal.countDown();
        boolean interrupted = false;
        while (true) {
            try {
                ThreadHooks.join(timer);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        timer = null;
        return interrupted;
    }

    // ---------------------------------------------------------------- builder

    /** The three kinds of scope, for the builder. */
    enum Kind {
        TASK_SCOPE("scope"),
        SUPERVISOR("supervisor"),
        TASK_GROUP("group");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * Options of a scope, then {@link #open()} (for try-with-resources), {@link #run} or {@link #call}.
     *
     * @param <S> the kind of scope it opens
     */
    public static final class Builder<S extends AbstractTaskScope> {

        final Kind kind;
        String name;
        Duration timeout;
        boolean shield;
        TaskExceptionHandler handler;
        ThreadFactory threadFactory;
        Consumer<Task<?>> onChildDone;

        Builder(Kind kind) {
            this.kind = kind;
        }

        /**
         * Names the scope, for logs, thread names and JFR; default: its kind and id.
         *
         * @param name the scope's name
         * @return this builder
         */
        public Builder<S> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * When the timeout expires, the children are cancelled, the owner is interrupted, and leaving the
         * scope throws {@link ScopeTimeoutException}. Under a virtual clock it is virtual time.
         *
         * @param timeout how long the scope may stay open, from when it opens; zero expires at once
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder<S> timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Whether the scope defers cancellations from outside until it ends (see the class description);
         * default false.
         *
         * @param shield true to shield the scope
         * @return this builder
         */
        public Builder<S> shield(boolean shield) {
            this.shield = shield;
            return this;
        }

        /**
         * Receives each failed task's exception at once; default: logged through {@code System.Logger}
         * ("dev.timescope", WARNING). Only a {@link TaskScope} has one. What the handler throws is logged
         * and does not affect the scope.
         *
         * @param handler called on the failed task's thread, with the task and its exception
         * @return this builder
         * @throws IllegalStateException for a Supervisor or a TaskGroup
         */
        public Builder<S> exceptionHandler(TaskExceptionHandler handler) {
            Objects.requireNonNull(handler, "handler");
            if (kind != Kind.TASK_SCOPE) {
                throw new IllegalStateException("a " + kind.label + " takes no exception handler: "
                        + (kind == Kind.SUPERVISOR ? "failures stay on their Task" : "the first failure aborts the group"));
            }
            this.handler = handler;
            return this;
        }

        /**
         * Where the tasks' threads come from; default: a new virtual thread per task on JDK 21+, a new platform
         * thread per task on 17.
         *
         * @param threadFactory makes one thread per forked task
         * @return this builder
         */
        public Builder<S> threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /** Internal: called on each child's thread once its state is final (race, asCompletedSafe). */
        Builder<S> onChildDone(Consumer<Task<?>> listener) {
            this.onChildDone = listener;
            return this;
        }

        /**
         * Opens the scope, owned by the calling thread; close it with try-with-resources. A timeout starts
         * counting now.
         *
         * @return the open scope
         */
        @SuppressWarnings("unchecked")
        public S open() {
            switch (kind) {
                case SUPERVISOR:
                    return (S) new Supervisor(this);
                case TASK_GROUP:
                    return (S) new TaskGroup(this);
                default:
                    return (S) new TaskScope(this);
            }
        }

        /**
         * Opens the scope, runs {@code body} in it, and leaves it. A failing body aborts the scope; its
         * exception then comes out unwrapped (see the class description for priorities).
         *
         * @param body the code to run in the scope, given the scope to fork in
         * @throws Exception what the body threw, or what leaving the scope throws (a
         *         {@link ScopeTimeoutException}, a {@link ScopeFailedException}, a {@link CancellationException})
         */
        public void run(ScopeBody<? super S> body) throws Exception {
            Objects.requireNonNull(body, "body");
            call(scope -> {
                body.run(scope);
                return null;
            });
        }

        /**
         * Like {@link #run}, returning the body's value.
         *
         * @param <R> the type of the body's value
         * @param body the code to run in the scope, given the scope to fork in
         * @return what the body returned, once every task of the scope has ended
         * @throws Exception what the body threw, or what leaving the scope throws (a
         *         {@link ScopeTimeoutException}, a {@link ScopeFailedException}, a {@link CancellationException})
         */
        public <R> R call(ScopeFunction<? super S, ? extends R> body) throws Exception {
            Objects.requireNonNull(body, "body");
            S scope = open();
            R result = null;
            Throwable failure = null;
            try {
                result = body.apply(scope);
            } catch (Throwable t) {
                failure = t;
            }
            Throwable toThrow = scope.exit(failure);
            if (toThrow != null) {
                throw Signals.<Exception>sneakyThrow(toThrow);
            }
            return result;
        }
    }

    /** Children alive now, for tests and diagnostics. */
    final List<Task<?>> liveChildren() {
        return Collections.unmodifiableList(new ArrayList<>(live));
    }
}
