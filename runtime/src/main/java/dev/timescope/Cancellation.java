package dev.timescope;

import dev.timescope.internal.jfr.Recorder;
import dev.timescope.internal.scope.Signals;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * aiotools' {@code cancel_and_wait}: cancel, then wait until the task has really stopped. A plain
 * {@code Future.cancel(true)} returns while the task's thread is still running (its cleanup, or code that
 * ignores interrupts); this is the Java pain it fixes.
 */
public final class Cancellation {

    private Cancellation() {
    }

    /**
     * Cancels {@code future} and waits until it has stopped.
     * <ul>
     *   <li>Already done (succeeded, failed): returns at once, even if it had failed.</li>
     *   <li>A {@link Task} is waited for until its thread has left the task's code, cleanup included.</li>
     *   <li>The task caught the interrupt and returned normally: {@link CancellationSwallowedException}.</li>
     *   <li>The task failed with another exception while stopping: that exception, unwrapped if unchecked,
     *       else in a {@link CompletionException}.</li>
     *   <li>The caller is interrupted while waiting: the task is interrupted again (its cleanup is cut short
     *       unless it runs in a shield), still waited for, then {@link InterruptedException} is thrown.</li>
     * </ul>
     * Any other {@code Future} is cancelled with {@code cancel(true)} and waited for through {@code get()},
     * which for most implementations does not wait for the thread.
     *
     * @param future the task or future to stop
     * @throws InterruptedException if the calling thread was interrupted while waiting, once the task has stopped
     * @throws CancellationSwallowedException if the task caught its cancellation and returned normally
     * @throws CompletionException if the task failed with a checked exception while stopping (an unchecked one is
     *         thrown as is)
     */
    public static void cancelAndWait(Future<?> future) throws InterruptedException {
        Objects.requireNonNull(future, "future");
        cancelAndWait(List.of(future));
    }

    /**
     * Cancels every future, then waits for every one, then reports: the caller's interruption first, else
     * the first failure with the others suppressed. Each future is treated as by
     * {@link #cancelAndWait(Future)}.
     *
     * @param futures the tasks or futures to stop; none may be null
     * @throws InterruptedException if the calling thread was interrupted while waiting, once every task has
     *         stopped; the first failure, if any, is suppressed in it
     * @throws CancellationSwallowedException if a task caught its cancellation and returned normally, and no
     *         failure came before it in the collection's order
     * @throws CompletionException if the first failure is a checked exception (an unchecked one is thrown as is)
     */
    public static void cancelAndWait(Collection<? extends Future<?>> futures) throws InterruptedException {
        Objects.requireNonNull(futures, "futures");
        List<Future<?>> targets = new ArrayList<>(futures.size());
        List<Boolean> mine = new ArrayList<>(futures.size());
        for (Future<?> f : futures) {
            targets.add(Objects.requireNonNull(f, "a future in the collection is null"));
        }
        for (Future<?> f : targets) {
            boolean cancelled = f instanceof Task ? ((Task<?>) f).cancelAndInterrupt() : f.cancel(true);
            if (cancelled && f instanceof Task) {
                ((Task<?>) f).recordCancel(Recorder.CANCEL, "cancelled by Cancellation.cancelAndWait");
            }
            mine.add(cancelled);
        }
        boolean interrupted = false;
        Throwable first = null;
        for (int i = 0; i < targets.size(); i++) {
            Future<?> f = targets.get(i);
            Throwable failure = null;
            while (true) {
                try {
                    failure = f instanceof Task ? awaitTask((Task<?>) f, mine.get(i)) : awaitPlain(f);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // ours to propagate, after every target has stopped
                    if (f instanceof Task) {
                        ((Task<?>) f).thread.cancelAgain(); // cuts its cleanup short, unless shielded
                    }
                }
            }
            if (failure != null) {
                if (first == null) {
                    first = failure;
                } else if (first != failure) {
                    first.addSuppressed(failure);
                }
            }
        }
        if (interrupted) {
            InterruptedException e = new InterruptedException("interrupted while cancelling and waiting for " + targets.size()
                    + (targets.size() == 1 ? " task" : " tasks"));
            if (first != null) {
                e.addSuppressed(first);
            }
            throw e;
        }
        if (first != null) {
            throw Signals.rethrow(first);
        }
    }

    /** Waits for a task we (or someone) cancelled; returns what cancelling it must report, or null. */
    private static Throwable awaitTask(Task<?> task, boolean cancelledByUs) throws InterruptedException {
        Task.Status status = task.status();
        if (!cancelledByUs && (status == Task.Status.SUCCESS || status == Task.Status.FAILED)) {
            return null; // finished before we came: nothing to cancel
        }
        task.awaitExit();
        if (!cancelledByUs || !task.codeRan()) {
            return null;
        }
        Throwable failure = task.codeFailure();
        if (failure == null) {
            return task.thread.cancellationConsumed() ? new CancellationSwallowedException(task) : null;
        }
        return Signals.isCancellation(failure) ? null : failure;
    }

    private static Throwable awaitPlain(Future<?> future) throws InterruptedException {
        try {
            future.get();
            return null;
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Signals.isCancellation(cause) ? null : cause;
        }
    }
}
