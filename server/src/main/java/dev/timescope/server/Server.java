package dev.timescope.server;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A server of workers around a main context, stopped by UNIX signals: aiotools' {@code start_server} for the JVM.
 *
 * <pre>{@code
 * int status = Server.builder(EchoWorker.class)
 *         .workers(4)
 *         .mainContext(new SettingsContext())     // set up before the workers, torn down after
 *         .stopSignals(Signal.INT, Signal.TERM)
 *         .waitTimeout(Duration.ofSeconds(10))
 *         .run();                                 // blocks until the server has stopped
 * System.exit(status);
 * }</pre>
 *
 * <p>{@link Builder#run()} goes through these steps:
 * <ol>
 *   <li>It catches the stop signals (default INT and TERM) in this process, in place of the JVM's own handling
 *       (which would exit), and puts the previous handling back when it returns.</li>
 *   <li>It sets up the main context, if any, and writes its value as JSON.</li>
 *   <li>It starts the workers, then the extra processes, each told its index: each in a child JVM (see below), or,
 *       with {@link Builder#threads()}, each in a thread of this JVM.</li>
 *   <li>The first stop signal that reaches this process is forwarded to every worker; each worker's
 *       {@link WorkerContext#awaitStop()} returns it. A later stop signal does not start a second shutdown. A worker
 *       that fails in its set-up is logged with its index and stops the server the same way, with the default stop
 *       signal (TERM, if it is a stop signal), unless {@link Builder#ignoreWorkerFailures(boolean)}.</li>
 *   <li>It waits for the workers, up to {@link Builder#waitTimeout(Duration)} after the stop; it kills those
 *       still running then (KILL; in thread mode, an interrupt).</li>
 *   <li>It tears the main context down, telling it the stop signal, and returns the exit status:
 *       {@link #EXIT_OK}, {@link #EXIT_FAILURE} or {@link #EXIT_KILLED}.</li>
 * </ol>
 * Without a stop signal, the server also stops once every worker has ended by itself; with
 * {@link Builder#runToCompletion(boolean)}, that is the way it ends.
 *
 * <p><b>Worker processes.</b> Each is a JVM started with this JVM's {@code java}, class path and module path, and
 * these of its options: {@code -javaagent:} agents, {@code -D} system properties, {@code -Xms}, {@code -Xmx},
 * {@code -Xss}, {@code --add-opens}, {@code --add-exports}, {@code --add-reads}, {@code --add-modules},
 * {@code --enable-preview} and {@code --enable-native-access}. Native agents ({@code -agentlib}, a debugger) and
 * {@code -XX} options are not carried over. A worker's standard output and error are passed on to this JVM's
 * {@code System.out} and {@code System.err}; its standard input is the control channel from the main process:
 * if the main process dies, even by KILL, the channel closes and each worker stops as if the default stop signal had
 * arrived, and halts 1.5 s later if it has not ended by then, so no worker outlives its server.
 *
 * <p>Logging goes to the {@code System.Logger} named {@code dev.timescope.server}: a worker's failure (with its
 * index and stack trace), workers killed after the wait timeout, a main context that fails.
 */
public final class Server {

    /** Exit status: every worker ended normally, and the main context set up and tore down without failing. */
    public static final int EXIT_OK = 0;
    /** Exit status: a worker or extra process failed, or could not start, or the main context failed. */
    public static final int EXIT_FAILURE = 1;
    /** Exit status: some workers were still running after the wait timeout and were killed. */
    public static final int EXIT_KILLED = 2;

    private Server() {
    }

    /**
     * Starts describing a server of {@code workerClass} workers.
     *
     * @param workerClass the workers' class: public, with a public constructor without parameters
     * @return a builder of one worker, stopped by INT or TERM, waiting 30 s for its workers
     * @throws IllegalArgumentException if {@code workerClass} cannot be created by a worker process
     */
    public static Builder builder(Class<? extends Worker> workerClass) {
        return new Builder(checkWorkerClass("worker", workerClass));
    }

    private static Class<? extends Worker> checkWorkerClass(String role, Class<? extends Worker> type) {
        Objects.requireNonNull(type, role + " class");
        String problem = null;
        if (!Modifier.isPublic(type.getModifiers())) {
            problem = "it is not public";
        } else if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            problem = "it is abstract";
        } else if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            problem = "it is an inner class (make it static)";
        } else {
            try {
                if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                    problem = "its constructor without parameters is not public";
                }
            } catch (NoSuchMethodException e) {
                problem = "it has no public constructor without parameters";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("the " + role + " class " + type.getName() + " cannot be used: "
                    + problem + "; each worker process creates its own instance, so a " + role + " class must be "
                    + "public, not abstract, with a public constructor without parameters");
        }
        return type;
    }

    /** Describes a server, then runs it. Not thread-safe; each {@link #run()} is a new run. */
    public static final class Builder {

        private final Class<? extends Worker> workerClass;
        private int workers = 1;
        private final List<Class<? extends Worker>> extraProcesses = new ArrayList<>();
        private MainContext<?> mainContext;
        private List<Signal> stopSignals = List.of(Signal.INT, Signal.TERM);
        private Duration waitTimeout = Duration.ofSeconds(30);
        private boolean runToCompletion;
        private boolean ignoreWorkerFailures;
        private boolean threads;
        private Runnable whenReady;

        private Builder(Class<? extends Worker> workerClass) {
            this.workerClass = workerClass;
        }

        /**
         * How many workers to start (aiotools' {@code num_workers}).
         *
         * @param count at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is less than 1
         */
        public Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + count);
            }
            this.workers = count;
            return this;
        }

        /**
         * Adds an extra process: run like a worker, with the next index after the workers and the extra processes
         * added before it, and stopped with them.
         *
         * @param extraClass its class: public, with a public constructor without parameters
         * @return this builder
         * @throws IllegalArgumentException if {@code extraClass} cannot be created by a worker process
         */
        public Builder extraProcess(Class<? extends Worker> extraClass) {
            extraProcesses.add(checkWorkerClass("extra process", extraClass));
            return this;
        }

        /**
         * The main context: set up in this process before the workers start, torn down after they have all ended.
         *
         * @param context the main context; its value must be writable as JSON by Jackson
         * @return this builder
         */
        public Builder mainContext(MainContext<?> context) {
            this.mainContext = Objects.requireNonNull(context, "mainContext");
            return this;
        }

        /**
         * The signals that stop the server (default INT and TERM).
         *
         * @param signals one or more signals a JVM can catch (not QUIT, KILL or SEGV)
         * @return this builder
         * @throws IllegalArgumentException if {@code signals} is empty or holds one a JVM cannot catch
         */
        public Builder stopSignals(Signal... signals) {
            if (signals.length == 0) {
                throw new IllegalArgumentException("stopSignals needs at least one signal, e.g. INT and TERM");
            }
            List<Signal> list = List.copyOf(new LinkedHashSet<>(Arrays.asList(signals)));
            Signals.checkCatchable(list);
            this.stopSignals = list;
            return this;
        }

        /**
         * How long to wait for the workers after a stop signal before killing those still running (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder waitTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("waitTimeout must be positive, got " + timeout);
            }
            this.waitTimeout = timeout;
            return this;
        }

        /**
         * Whether the workers run to completion (default false): their {@link WorkerContext#awaitStop()} returns at
         * once with the default stop signal, and the server ends once they all have.
         *
         * @param value whether to run to completion
         * @return this builder
         */
        public Builder runToCompletion(boolean value) {
            this.runToCompletion = value;
            return this;
        }

        /**
         * Whether a worker's failure leaves the others running (default false: it stops the server). The failure
         * is logged and the exit status says it either way.
         *
         * @param value whether to ignore worker failures
         * @return this builder
         */
        public Builder ignoreWorkerFailures(boolean value) {
            this.ignoreWorkerFailures = value;
            return this;
        }

        /**
         * Runs the workers as threads of this JVM instead of child processes: the same server, set-up and stop
         * signals, and a test can run it under {@code @VirtualTime}. The main context's value still travels as
         * JSON, so each worker has its own copy.
         *
         * @return this builder
         */
        public Builder threads() {
            this.threads = true;
            return this;
        }

        /**
         * A callback run once, in this process, when every worker and extra process has started and awaits its stop
         * (or has ended): for instance {@link ChildProcess#ready()}, or telling a service manager.
         *
         * @param callback what to run
         * @return this builder
         */
        public Builder whenReady(Runnable callback) {
            this.whenReady = Objects.requireNonNull(callback, "whenReady");
            return this;
        }

        /**
         * Runs the server, as the {@link Server} class describes, and blocks until it has stopped.
         *
         * @return the exit status: {@link #EXIT_OK}, {@link #EXIT_FAILURE} or {@link #EXIT_KILLED}
         * @throws IllegalArgumentException if a stop signal cannot be caught here, or the main context's value cannot
         *     be written as JSON (after its set-up, torn down again before any worker starts)
         * @throws InterruptedException if this thread is interrupted while waiting for the workers
         * @throws UnsupportedOperationException on Windows, which has no UNIX signals
         */
        public int run() throws InterruptedException {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                throw new UnsupportedOperationException("a Server needs UNIX signals (Linux, macOS); this is "
                        + System.getProperty("os.name"));
            }
            ServerSettings settings = new ServerSettings(workerClass, workers, List.copyOf(extraProcesses),
                    mainContext, stopSignals, waitTimeout, runToCompletion, ignoreWorkerFailures, threads, whenReady);
            return new ServerRun(settings).run();
        }
    }
}
