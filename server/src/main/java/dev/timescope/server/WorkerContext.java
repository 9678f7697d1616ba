package dev.timescope.server;

import java.util.Optional;

/** What a {@link Worker} learns from its server: its index, the main context's value and its stop signal. */
public interface WorkerContext {

    /**
     * This worker's index: {@code 0} to {@code workers - 1} for workers, then one per extra process, in the order
     * they were added.
     *
     * @return the index
     */
    int index();

    /**
     * The value the server's {@link MainContext} set up, as a {@code type}. The value reaches every worker as JSON
     * (Jackson), in threads as in processes, so each worker has its own copy.
     *
     * @param type the class to read the value as
     * @param <T> the value's type
     * @return the value, or {@code null} if the main context set up {@code null}
     * @throws IllegalStateException if the server has no main context
     * @throws IllegalArgumentException if the value cannot be read as a {@code type}
     */
    <T> T mainValue(Class<T> type);

    /**
     * Waits until a stop signal reaches this worker, and tells which. The first call also tells the server this
     * worker is set up and serving. In a server that runs to completion, returns at once with the server's default
     * stop signal ({@link Signal#TERM} if it is one of the stop signals, else the lowest-numbered one).
     *
     * <p>If the main process dies, even by {@link Signal#KILL}, a worker process notices and this method returns
     * the default stop signal; the worker then has 1.5 s to tear down before its JVM halts.
     *
     * @return the stop signal
     * @throws InterruptedException if the waiting thread is interrupted (in thread mode, when the server gives up
     *     waiting for this worker)
     */
    Signal awaitStop() throws InterruptedException;

    /**
     * The stop signal, if one has reached this worker yet. Lets a worker that polls (a loop of ticks, say) notice
     * the stop without blocking.
     *
     * @return the stop signal, or empty while the worker should keep serving
     */
    Optional<Signal> stopSignal();
}
