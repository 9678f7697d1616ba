package dev.timescope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * aiotools' {@code actxgroup}: opens many resources concurrently, lets the block run even if some failed to
 * open, then closes every opened one concurrently and records how each close went.
 *
 * <pre>{@code
 * try (ContextGroup<Connection> group = ContextGroup.open(List.of(() -> connect(a), () -> connect(b)))) {
 *     for (Task<Connection> c : group.entered()) {
 *         if (c.status() == Task.Status.SUCCESS) use(c.resultNow()); else log(c.exceptionNow());
 *     }
 * }
 * group.exitFailures();   // one per resource, in order; empty when it closed cleanly or never opened
 * }</pre>
 *
 * Closing never throws a resource's close failure (it is in {@link #exitFailures()}), so the block's own
 * exception is never hidden or swallowed.
 *
 * @param <R> the type of the resources
 */
public final class ContextGroup<R extends AutoCloseable> implements AutoCloseable {

    private final List<Task<R>> entered;
    private List<Optional<Throwable>> exits;

    private ContextGroup(List<Task<R>> entered) {
        this.entered = entered;
    }

    /**
     * Runs every opener at once, each in a task of its own, and waits for all of them. An opener that fails
     * does not stop the others: its task holds the failure.
     *
     * @param <R> the type of the resources
     * @param openers each opens one resource; none may be null
     * @return the group, every opener done, to be closed with try-with-resources
     * @throws InterruptedException if interrupted while waiting; the openers are cancelled and waited for, and
     *         whatever they opened is closed
     */
    public static <R extends AutoCloseable> ContextGroup<R> open(Collection<? extends Callable<? extends R>> openers)
            throws InterruptedException {
        Objects.requireNonNull(openers, "openers");
        List<Task<R>> tasks = new ArrayList<>(openers.size());
        try {
            Supervisor.builder().name("contextGroup").run(scope -> {
                for (Callable<? extends R> opener : openers) {
                    tasks.add(scope.fork(Objects.requireNonNull(opener, "an opener in the collection is null")));
                }
                for (Task<R> t : tasks) {
                    t.awaitExit();
                }
            });
        } catch (InterruptedException e) {
            for (Task<R> t : tasks) { // the openers were cancelled and waited for; close what they opened
                if (t.status() == Task.Status.SUCCESS && t.resultNow() != null) {
                    try {
                        t.resultNow().close();
                    } catch (Exception closing) {
                        e.addSuppressed(closing);
                    }
                }
            }
            throw e;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("the group's body throws nothing checked but InterruptedException", e);
        }
        return new ContextGroup<>(tasks);
    }

    /**
     * The outcome of each opener.
     *
     * @return an unmodifiable list with one task per opener, in the openers' order, each done: its result is
     *         the resource, or its exception says why the resource failed to open
     */
    public List<Task<R>> entered() {
        return Collections.unmodifiableList(entered);
    }

    /**
     * Closes every resource that opened, concurrently, and waits for all; closing again does nothing. If the
     * calling thread is interrupted meanwhile, the closes still running are cancelled and waited for, and a
     * {@link java.util.concurrent.CancellationException} comes out (as from any scope whose owner is cancelled).
     */
    @Override
    public void close() {
        if (exits != null) {
            return;
        }
        List<Task<Void>> closed = new ArrayList<>(entered.size());
        try (Supervisor scope = Supervisor.builder().name("contextGroup-close").open()) {
            for (Task<R> t : entered) {
                closed.add(scope.fork(() -> {
                    if (t.status() == Task.Status.SUCCESS && t.resultNow() != null) {
                        t.resultNow().close();
                    }
                    return null;
                }));
            }
        } finally {
            List<Optional<Throwable>> states = new ArrayList<>(closed.size());
            for (Task<Void> c : closed) {
                states.add(c.status() == Task.Status.FAILED ? Optional.of(c.exceptionNow()) : Optional.empty());
            }
            exits = Collections.unmodifiableList(states);
        }
    }

    /**
     * How each resource closed, in order: the failure of its {@code close()}, or empty if it closed cleanly or
     * never opened.
     *
     * @return an unmodifiable list with one element per opener, in the openers' order
     * @throws IllegalStateException before {@link #close()}
     */
    public List<Optional<Throwable>> exitFailures() {
        if (exits == null) {
            throw new IllegalStateException("the group is not closed yet");
        }
        return exits;
    }
}
