package dev.timescope;

import dev.timescope.internal.scope.Signals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * aiotools' high-level helpers: {@link #race}, {@link #gatherSafe} and {@link #asCompletedSafe}. Each runs
 * its callables as tasks of a {@link Supervisor} owned by the caller, so none outlives the call (or, for
 * {@code asCompletedSafe}, the returned object), and a caller interrupted while waiting cancels and waits
 * for all of them before {@link InterruptedException} comes out.
 */
public final class Tasks {

    private Tasks() {
    }

    /**
     * Runs every callable at once; the first to succeed wins, the others are cancelled and waited for. The
     * first failure ends the race too: it is rethrown (unwrapped if unchecked, else in a
     * {@link CompletionException}); a racer that cancels itself ends it with a {@link CancellationException}.
     * Every racer has ended when this returns or throws.
     *
     * @param <T> the type of the result
     * @param callables the racers; none may be null
     * @return the result of the first racer to succeed
     * @throws InterruptedException if the calling thread is interrupted while waiting; every task is cancelled
     *         and waited for first
     * @throws IllegalArgumentException if {@code callables} is empty
     */
    public static <T> T race(Collection<? extends Callable<? extends T>> callables) throws InterruptedException {
        return race(callables, false);
    }

    /**
     * Like {@link #race(Collection)}; with {@code continueOnError}, failures do not end the race: only if every
     * callable fails does it throw, a {@link ScopeFailedException} carrying every failure (the first as the
     * cause, the others suppressed). Every racer has ended when this returns or throws.
     *
     * @param <T> the type of the result
     * @param callables the racers; none may be null
     * @param continueOnError false to end the race at the first failure, as {@link #race(Collection)} does;
     *        true to end it only at the first success, or once every racer has failed
     * @return the result of the first racer to succeed
     * @throws InterruptedException if the calling thread is interrupted while waiting; every task is cancelled
     *         and waited for first
     * @throws ScopeFailedException with {@code continueOnError}, if every racer failed
     * @throws IllegalArgumentException if {@code callables} is empty
     */
    public static <T> T race(Collection<? extends Callable<? extends T>> callables, boolean continueOnError)
            throws InterruptedException {
        List<Callable<? extends T>> racers = copy(callables);
        if (racers.isEmpty()) {
            throw new IllegalArgumentException("race needs at least one callable; got an empty collection");
        }
        BlockingQueue<Task<?>> finished = new LinkedBlockingQueue<>();
        return uncheck(() -> Supervisor.builder().name("race").onChildDone(finished::add).call(scope -> {
            for (Callable<? extends T> racer : racers) {
                scope.fork(racer);
            }
            List<Throwable> failures = new ArrayList<>();
            for (int left = racers.size(); left > 0; left--) {
                @SuppressWarnings("unchecked")
                Task<T> task = (Task<T>) finished.take();
                switch (task.status()) {
                    case SUCCESS:
                        scope.abort(); // the losers; leaving the scope waits for them
                        return task.resultNow();
                    case FAILED:
                        if (!continueOnError) {
                            scope.abort();
                            throw Signals.rethrow(task.exceptionNow());
                        }
                        failures.add(task.exceptionNow());
                        break;
                    default:
                        failures.add(new CancellationException("racer " + task.name() + " cancelled itself"));
                        if (!continueOnError) {
                            scope.abort();
                            throw (CancellationException) failures.get(0);
                        }
                        break;
                }
            }
            throw new ScopeFailedException("race " + scope.name() + ": all " + racers.size() + " racers failed", scope, failures);
        }));
    }

    /**
     * Runs every callable at once and waits for all: one {@link Task} per callable, in input order, each done
     * with its own result or failure (aiotools' {@code gather_safe}, asyncio's {@code gather(return_exceptions=True)}).
     * A failing callable affects none of the others.
     *
     * @param <T> the type of the results
     * @param callables the work to run; none may be null
     * @return one task per callable, in the callables' order, every one done
     * @throws InterruptedException if the calling thread is interrupted while waiting; every task is cancelled
     *         and waited for first
     */
    public static <T> List<Task<T>> gatherSafe(Collection<? extends Callable<? extends T>> callables)
            throws InterruptedException {
        List<Callable<? extends T>> inputs = copy(callables);
        return uncheck(() -> Supervisor.builder().name("gatherSafe").call(scope -> {
            List<Task<T>> tasks = new ArrayList<>(inputs.size());
            for (Callable<? extends T> c : inputs) {
                tasks.add(scope.fork(c));
            }
            for (Task<T> t : tasks) {
                t.awaitExit(); // interruptible: an interrupted caller aborts the scope
            }
            return tasks;
        }));
    }

    /**
     * Runs every callable at once and hands out the tasks in the order they finish (aiotools'
     * {@code as_completed_safe}). Close it, with try-with-resources: closing before every task was taken
     * cancels the rest and waits for them (aiotools leaks them when the loop is left early).
     *
     * <pre>{@code
     * try (Tasks.AsCompleted<String> done = Tasks.asCompletedSafe(callables)) {
     *     while (done.hasNext()) {
     *         Task<String> t = done.next();
     *         if (t.status() == Task.Status.SUCCESS) { use(t.resultNow()); break; }
     *     }
     * }
     * }</pre>
     *
     * @param <T> the type of the results
     * @param callables the work to run; none may be null
     * @return the tasks, already started, to be taken in completion order and closed by the calling thread
     */
    public static <T> AsCompleted<T> asCompletedSafe(Collection<? extends Callable<? extends T>> callables) {
        List<Callable<? extends T>> inputs = copy(callables);
        return new AsCompleted<>(inputs);
    }

    /**
     * The tasks of {@link #asCompletedSafe} in completion order. Owned by the thread that created it, like a
     * scope: that thread takes the tasks and closes it.
     *
     * @param <T> the type of the results
     */
    public static final class AsCompleted<T> implements AutoCloseable {

        private final BlockingQueue<Task<?>> finished = new LinkedBlockingQueue<>();
        private final Supervisor scope;
        private int left;

        AsCompleted(List<Callable<? extends T>> inputs) {
            this.scope = Supervisor.builder().name("asCompletedSafe").onChildDone(finished::add).open();
            this.left = inputs.size();
            try {
                for (Callable<? extends T> c : inputs) {
                    scope.fork(c);
                }
            } catch (RuntimeException | Error e) {
                scope.abort(); // a thread could not start: leave nothing behind
                scope.close();
                throw e;
            }
        }

        /**
         * Whether {@link #next()} has a task left to hand out, finished or not yet.
         *
         * @return true while some task has not been handed out by {@link #next()}
         */
        public boolean hasNext() {
            return left > 0;
        }

        /**
         * Waits for the next task to finish and returns it, done.
         *
         * @return the earliest finished task not handed out yet
         * @throws InterruptedException if the calling thread is interrupted while waiting; the tasks keep running
         *         until {@link #close()}
         * @throws java.util.NoSuchElementException if every task was handed out
         */
        @SuppressWarnings("unchecked")
        public Task<T> next() throws InterruptedException {
            if (left == 0) {
                throw new java.util.NoSuchElementException("every task of " + scope.name() + " was already handed out");
            }
            Task<T> task = (Task<T>) finished.take();
            left--;
            return task;
        }

        /** Cancels the tasks not handed out yet and waits for them; nothing is left running. */
        @Override
        public void close() {
            if (left > 0) {
                scope.abort();
            }
            scope.close();
        }
    }

    private static <T> List<Callable<? extends T>> copy(Collection<? extends Callable<? extends T>> callables) {
        Objects.requireNonNull(callables, "callables");
        List<Callable<? extends T>> list = new ArrayList<>(callables.size());
        for (Callable<? extends T> c : callables) {
            list.add(Objects.requireNonNull(c, "a callable in the collection is null"));
        }
        return list;
    }

    /** Runs a scope body whose only checked exception can be InterruptedException. */
    private static <R> R uncheck(Callable<R> scoped) throws InterruptedException {
        try {
            return scoped.call();
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
