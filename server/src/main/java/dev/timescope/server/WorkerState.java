package dev.timescope.server;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A worker's {@link WorkerContext}: its stop signal (the first one wins) and its one-time readiness report. */
final class WorkerState implements WorkerContext {

    private final int index;
    private final String mainJson;
    private final Signal completionSignal;
    private final Runnable onReady;
    private final AtomicReference<Signal> stop = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean ready = new AtomicBoolean();
    /** Set once the worker has seen its stop signal: a failure after that is in its tear-down. */
    private volatile boolean sawStop;

    /**
     * @param mainJson the main context's value as JSON, or {@code null} without a main context
     * @param completionSignal what {@link #awaitStop()} returns at once when running to completion, else null
     */
    WorkerState(int index, String mainJson, Signal completionSignal, Runnable onReady) {
        this.index = index;
        this.mainJson = mainJson;
        this.completionSignal = completionSignal;
        this.onReady = onReady;
    }

    /** Delivers a stop signal; only the first one counts. Returns whether this one did. */
    boolean stop(Signal signal) {
        if (stop.compareAndSet(null, signal)) {
            stopped.countDown();
            return true;
        }
        return false;
    }

    void markReady() {
        if (ready.compareAndSet(false, true)) {
            onReady.run();
        }
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public <T> T mainValue(Class<T> type) {
        if (mainJson == null) {
            throw new IllegalStateException("worker " + index + " asked for the main context's value, but the "
                    + "server has none: give it one with Server.Builder.mainContext(...)");
        }
        return Json.readMainValue(mainJson, type);
    }

    @Override
    public Signal awaitStop() throws InterruptedException {
        markReady();
        if (completionSignal != null) {
            stop(completionSignal);
        }
        stopped.await();
        sawStop = true;
        return stop.get();
    }

    @Override
    public Optional<Signal> stopSignal() {
        Signal signal = stop.get();
        if (signal != null) {
            sawStop = true;
        }
        return Optional.ofNullable(signal);
    }

    /** The failure phase: before the worker saw its stop signal, set-up; after it, tear-down. */
    String phase() {
        return sawStop ? "tear-down" : "set-up";
    }

    static Worker instantiate(Class<? extends Worker> type) throws ReflectiveOperationException {
        return type.getConstructor().newInstance();
    }
}
