package dev.timescope.server;

/**
 * The main process's part of a {@link Server}: set up before any worker starts, torn down after every worker has
 * ended. The value it sets up is handed to every worker (see {@link WorkerContext#mainValue(Class)}).
 *
 * @param <T> the type of the value handed to workers; Jackson must be able to write it as JSON
 */
public interface MainContext<T> {

    /**
     * Sets up what the whole server shares, in the main process, before any worker starts.
     *
     * @return the value handed to every worker, or {@code null}
     * @throws Exception if set-up fails; then no worker starts and the server exits with
     *     {@link Server#EXIT_FAILURE}
     */
    T setUp() throws Exception;

    /**
     * Tears down what {@link #setUp()} set up, after every worker has ended.
     *
     * @param value what {@link #setUp()} returned
     * @param stop the signal that stopped the server, or its default stop signal if it ran to completion or a
     *     worker's failure stopped it
     * @throws Exception if tear-down fails; the server logs it and exits with {@link Server#EXIT_FAILURE}
     */
    void tearDown(T value, Signal stop) throws Exception;
}
