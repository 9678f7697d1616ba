package dev.timescope.server;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** A server's checked settings, as {@link Server.Builder} gathered them. */
record ServerSettings(
        Class<? extends Worker> workerClass,
        int workers,
        List<Class<? extends Worker>> extraProcesses,
        MainContext<?> mainContext,
        List<Signal> stopSignals,
        Duration waitTimeout,
        boolean runToCompletion,
        boolean ignoreWorkerFailures,
        boolean threads,
        Runnable whenReady) {

    /** How many members the server starts: workers, then extra processes. */
    int members() {
        return workers + extraProcesses.size();
    }

    Class<? extends Worker> classOf(int index) {
        return index < workers ? workerClass : extraProcesses.get(index - workers);
    }

    String describe(int index) {
        return (index < workers ? "worker " : "extra process ") + index;
    }

    /** TERM if it is a stop signal, else the lowest-numbered one (as aiotools chooses). */
    Signal defaultStop() {
        return stopSignals.contains(Signal.TERM) ? Signal.TERM
                : stopSignals.stream().min((a, b) -> Integer.compare(a.number(), b.number())).orElseThrow();
    }

    String stopSignalNames() {
        return stopSignals.stream().map(Signal::name).collect(Collectors.joining(","));
    }
}
