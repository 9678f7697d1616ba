package dev.timescope.server;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A worker in a child JVM. Its standard input stays open as the control channel (its end tells the child the
 * parent is gone); its output goes through {@link OutputPump}. A stop signal sent before the child has caught its
 * stop signals would kill it with the JVM's default handling, so it waits until the child says it is armed.
 */
final class WorkerProcess implements Member {

    private static final System.Logger LOG = System.getLogger("dev.timescope.server");

    private final int index;
    private final Process process;
    private final OutputStream control;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Member.Listener listener;

    private final Object lock = new Object();
    // guarded by lock
    private boolean armed;
    // guarded by lock
    private Signal pending;

    private WorkerProcess(int index, Process process, Member.Listener listener) {
        this.index = index;
        this.process = process;
        this.control = process.getOutputStream();
        this.listener = listener;
    }

    static WorkerProcess start(int index, Class<? extends Worker> type, ServerSettings settings, String mainJson,
            Member.Listener listener) throws IOException {
        List<String> command = JvmCommand.of(List.of("worker", Integer.toString(index), type.getName(),
                Boolean.toString(settings.runToCompletion()), settings.stopSignalNames(),
                settings.defaultStop().name()));
        Process process = new ProcessBuilder(command).start();
        WorkerProcess worker = new WorkerProcess(index, process, listener);
        // Its exit counts once its last words are read: a failure report comes before the exit it explains.
        CompletableFuture.allOf(process.onExit(),
                OutputPump.start(process.getInputStream(), false, worker::control, "timescope-worker-" + index),
                OutputPump.start(process.getErrorStream(), true, line -> { }, "timescope-worker-" + index + "-err"))
                .whenComplete((done, error) -> worker.exit.complete(process.exitValue()));
        String first = mainJson == null ? "none\n" : "value " + mainJson + "\n";
        worker.control.write(first.getBytes(StandardCharsets.UTF_8));
        worker.control.flush();
        return worker;
    }

    private void control(String line) {
        if (line.equals(ControlLine.ARMED)) {
            Signal send;
            synchronized (lock) {
                armed = true;
                send = pending;
            }
            if (send != null) {
                send(send);
            }
        } else if (line.equals(ControlLine.READY)) {
            listener.ready(this);
        } else if (line.startsWith(ControlLine.FAILED)) {
            ControlLine.Failure failure = Json.read(line.substring(ControlLine.FAILED.length()),
                    ControlLine.Failure.class);
            listener.failed(this, failure.phase, failure.trace);
        }
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
        synchronized (lock) {
            if (!armed) {
                if (pending == null) {
                    pending = signal;
                }
                return;
            }
        }
        send(signal);
    }

    private void send(Signal signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Signals.send(process.pid(), signal);
        } catch (IOException e) {
            if (process.isAlive()) {
                LOG.log(Level.WARNING, "could not forward SIG" + signal + " to worker " + index + " (pid "
                        + process.pid() + ")", e);
            }
        }
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public long pid() {
        return process.pid();
    }
}
