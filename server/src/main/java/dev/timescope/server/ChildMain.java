package dev.timescope.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of every child JVM that {@link Server} and {@link ChildProcess} start.
 *
 * <p>Its standard input is the control channel from the parent: it stays open as long as the parent lives, so when
 * it ends, the parent is gone (even killed by KILL) and the child stops: a worker as if its default stop signal had
 * arrived, halting 1.5 s later if it has not ended by then; a {@link ChildProcess} by sending itself TERM.
 *
 * <pre>
 * worker INDEX WORKER_CLASS RUN_TO_COMPLETION STOP_SIGNALS DEFAULT_STOP   (stdin: "none" or "value JSON")
 * main MAIN_CLASS ARGS...
 * </pre>
 */
final class ChildMain {

    /** How long a worker whose parent died may take to tear down before its JVM halts. */
    static final long ORPHAN_GRACE_MILLIS = 1500;
    /** The exit status of a worker that failed. */
    static final int FAILED = 1;
    /** The exit status of a worker halted after its parent died. */
    static final int ORPHANED = 3;

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        ControlLine.openChannel(System.out);
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (args.length >= 6 && args[0].equals("worker")) {
            runWorker(args, control);
        } else if (args.length >= 2 && args[0].equals("main")) {
            runMain(args[1], Arrays.copyOfRange(args, 2, args.length), control);
        } else {
            System.err.println(ChildMain.class.getName() + " is started by dev.timescope.server, not by hand; got "
                    + Arrays.toString(args));
            System.exit(2);
        }
    }

    private static void runWorker(String[] args, BufferedReader control) throws IOException {
        int index = Integer.parseInt(args[1]);
        String workerClass = args[2];
        boolean runToCompletion = Boolean.parseBoolean(args[3]);
        List<Signal> stopSignals = new ArrayList<>();
        for (String name : args[4].split(",")) {
            stopSignals.add(Signal.valueOf(name));
        }
        Signal defaultStop = Signal.valueOf(args[5]);
        String first = control.readLine();
        String mainJson = first != null && first.startsWith("value ") ? first.substring("value ".length()) : null;

        WorkerState state = new WorkerState(index, mainJson, runToCompletion ? defaultStop : null,
                () -> ControlLine.send(ControlLine.READY));
        Signals.catchAll(stopSignals, state::stop);
        ControlLine.send(ControlLine.ARMED);
        watch(control, () -> {
            state.stop(defaultStop);
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(ORPHAN_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                Runtime.getRuntime().halt(ORPHANED);
            }, "timescope-orphan-halt");
            halt.setDaemon(true);
            halt.start();
        });
        if (first == null) {
            state.stop(defaultStop);
        }

        int status = 0;
        try {
            @SuppressWarnings("unchecked")
            Class<? extends Worker> type = (Class<? extends Worker>) Class.forName(workerClass, true,
                    ClassLoader.getSystemClassLoader());
            WorkerState.instantiate(type).run(state);
        } catch (Throwable e) {
            Throwable failure = e instanceof InvocationTargetException ? e.getCause() : e;
            ControlLine.Failure report = new ControlLine.Failure();
            report.phase = state.phase();
            report.trace = stackTrace(failure);
            ControlLine.send(ControlLine.FAILED + Json.write(report));
            status = FAILED;
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private static void runMain(String mainClass, String[] args, BufferedReader control) throws Exception {
        watch(control, () -> {
            try {
                Signals.send(ProcessHandle.current().pid(), Signal.TERM);
            } catch (IOException e) {
                Runtime.getRuntime().halt(ORPHANED);
            }
        });
        Method main = Class.forName(mainClass, true, ClassLoader.getSystemClassLoader())
                .getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /** Runs {@code parentGone} once the control channel ends. */
    private static void watch(BufferedReader control, Runnable parentGone) {
        Thread watcher = new Thread(() -> {
            try {
                while (control.read() >= 0) {
                    // The parent sends nothing more; the channel only tells it is alive.
                }
            } catch (IOException e) {
                // A broken channel means the same as a closed one.
            }
            parentGone.run();
        }, "timescope-control-channel");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString().strip();
    }
}
