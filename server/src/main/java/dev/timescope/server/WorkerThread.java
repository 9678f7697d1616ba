package dev.timescope.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;

/** A worker as a thread of this JVM (a server's thread mode): stop signals reach it directly. */
final class WorkerThread implements Member {

    private final int index;
    private final WorkerState state;
    private final Thread thread;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private WorkerThread(int index, Class<? extends Worker> type, ServerSettings settings, String mainJson,
            Member.Listener listener) {
        this.index = index;
        this.state = new WorkerState(index, mainJson, settings.runToCompletion() ? settings.defaultStop() : null,
                () -> listener.ready(this));
        this.thread = new Thread(() -> {
            try {
                WorkerState.instantiate(type).run(state);
                exit.complete(0);
            } catch (Throwable e) {
                Throwable failure = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
                StringWriter trace = new StringWriter();
                failure.printStackTrace(new PrintWriter(trace));
                listener.failed(this, state.phase(), trace.toString().strip());
                exit.complete(ChildMain.FAILED);
            }
        }, "worker-" + index); // not "timescope-...": the agent never adopts threads of that name
        thread.setDaemon(true);
    }

    static WorkerThread start(int index, Class<? extends Worker> type, ServerSettings settings, String mainJson,
            Member.Listener listener) {
        WorkerThread worker = new WorkerThread(index, type, settings, mainJson, listener);
        worker.thread.start();
        return worker;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public void deliver(Signal signal) {
        state.stop(signal);
    }

    @Override
    public void kill() {
        thread.interrupt();
    }

    @Override
    public long pid() {
        return -1;
    }
}
