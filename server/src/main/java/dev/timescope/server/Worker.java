package dev.timescope.server;

/**
 * One worker of a {@link Server}: its whole life in one method, set-up, serving, tear-down.
 *
 * <p>A worker class must be public and have a public constructor without parameters: in a server of processes,
 * each child JVM creates its own instance. A typical worker sets up, waits for its stop signal, then tears down:
 *
 * <pre>{@code
 * public void run(WorkerContext context) throws Exception {
 *     try (Listener listener = Listener.open(context.index())) {   // set-up
 *         Signal stop = context.awaitStop();                        // serving, until a stop signal
 *         listener.drain(stop == Signal.INT ? Duration.ZERO : Duration.ofSeconds(5));   // tear-down
 *     }
 * }
 * }</pre>
 *
 * <p>A worker that throws before its stop signal has failed in its set-up; after it, in its tear-down. The server
 * logs either with the worker's index and, unless told to ignore worker failures, stops the other workers.
 */
@FunctionalInterface
public interface Worker {

    /**
     * Runs this worker.
     *
     * @param context this worker's index, the main context's value and its stop signal
     * @throws Exception if the worker fails; the server logs it with the worker's index
     */
    void run(WorkerContext context) throws Exception;
}
