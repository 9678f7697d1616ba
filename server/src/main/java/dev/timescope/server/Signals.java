package dev.timescope.server;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one place that catches and sends UNIX signals. Catching goes through the JDK's {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}); sending goes through {@link ProcessHandle} for TERM and KILL and through the
 * {@code kill} command, given as an argument list (never a shell string), for the others.
 */
final class Signals {

    /** The signals a JVM may not catch; {@code sun.misc.Signal} refuses them on HotSpot. */
    private static final Set<Signal> RESERVED = EnumSet.of(Signal.QUIT, Signal.KILL, Signal.SEGV);

    private Signals() {
    }

    /** Handlers installed by {@link #catchAll}, to be put back as they were. */
    static final class Caught implements AutoCloseable {
        private final Map<Object, Object> previous;

        private Caught(Map<Object, Object> previous) {
            this.previous = previous;
        }

        /** Puts back the handlers that were there before. */
        @Override
        public void close() {
            previous.forEach(Jdk::handle);
        }
    }

    /**
     * {@code sun.misc.Signal}, reached by reflection: it is exported by {@code jdk.unsupported} for this very use,
     * but javac warns about every mention of it in source, with no way to suppress the warning.
     */
    private static final class Jdk {
        private static final Class<?> SIGNAL;
        private static final Class<?> HANDLER;
        private static final Constructor<?> NEW_SIGNAL;
        private static final Method HANDLE;

        static {
            try {
                SIGNAL = Class.forName("sun.misc.Signal");
                HANDLER = Class.forName("sun.misc.SignalHandler");
                NEW_SIGNAL = SIGNAL.getConstructor(String.class);
                HANDLE = SIGNAL.getMethod("handle", SIGNAL, HANDLER);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError("this JDK has no sun.misc.Signal (module jdk.unsupported), "
                        + "which catching signals needs: " + e);
            }
        }

        static Object signal(Signal signal) {
            return invoke(NEW_SIGNAL, null, signal.name());
        }

        static Object handler(Runnable action) {
            return Proxy.newProxyInstance(HANDLER.getClassLoader(), new Class<?>[] {HANDLER}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle":
                        action.run();
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        return "timescope stop-signal handler";
                }
            });
        }

        /** Installs {@code handler} for {@code signal}; returns the previous one. */
        static Object handle(Object signal, Object handler) {
            return invoke(HANDLE, null, signal, handler);
        }

        static Object defaultHandler() {
            return constant("SIG_DFL");
        }

        static Object ignoringHandler() {
            return constant("SIG_IGN");
        }

        private static Object constant(String name) {
            try {
                return HANDLER.getField(name).get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object invoke(java.lang.reflect.Executable target, Object self, Object... args) {
            try {
                return target instanceof Method ? ((Method) target).invoke(self, args)
                        : ((Constructor<?>) target).newInstance(args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Checks that every one of {@code signals} can be caught by this JVM.
     *
     * @throws IllegalArgumentException naming the first that cannot, and the ones that can
     */
    static void checkCatchable(Collection<Signal> signals) {
        for (Signal signal : signals) {
            if (RESERVED.contains(signal)) {
                throw refused(signal, signal == Signal.KILL ? "no process can catch it" : "the JVM reserves it");
            }
        }
    }

    /** Whether {@code sun.misc.Signal} refuses a handler for {@code signal} here (it is tried, then put back). */
    static boolean refusedByJdk(Signal signal) {
        try {
            Object jdk = Jdk.signal(signal);
            Jdk.handle(jdk, Jdk.handle(jdk, Jdk.defaultHandler()));
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** The signals HotSpot leaves ignored when the process started with them ignored (it installs no handler then). */
    private static final Set<Signal> KEPT_IGNORED = EnumSet.of(Signal.HUP, Signal.INT, Signal.TERM);
    private static final System.Logger LOG = System.getLogger("dev.timescope.server");

    /**
     * Whether this process began with {@code signal} ignored, as {@code nohup} and a non-interactive shell's
     * background jobs start it, so that the JVM keeps it ignored and no handler can catch it. Child processes inherit
     * that. Tried by installing a handler that does nothing, which the handler found is then put back in place of.
     */
    static boolean ignoredAtStart(Signal signal) {
        if (!KEPT_IGNORED.contains(signal)) {
            return false;
        }
        Object jdk = Jdk.signal(signal);
        Object previous = Jdk.handle(jdk, Jdk.handler(() -> { }));
        Jdk.handle(jdk, previous);
        return previous == Jdk.ignoringHandler();
    }

    /**
     * Calls {@code handler} (on a thread of the JVM's) whenever one of {@code signals} reaches this process, in place
     * of the JVM's own handling, until the result is closed. A signal this process began with ignored (see
     * {@link #ignoredAtStart}) cannot be caught: it is left ignored, and a warning names it and the signals that do
     * reach the process.
     *
     * @throws IllegalArgumentException if the JVM refuses one of them; nothing is installed then
     * @throws IllegalStateException if the module {@code jdk.unsupported} is not in this JVM's boot layer
     */
    static Caught catchAll(Collection<Signal> signals, Consumer<Signal> handler) {
        checkCatchable(signals);
        if (ModuleLayer.boot().findModule("jdk.unsupported").isEmpty()) {
            throw new IllegalStateException("catching signals needs the JDK module jdk.unsupported "
                    + "(sun.misc.Signal), which this JVM did not resolve: on the module path, run java with "
                    + "--add-modules jdk.unsupported, or add 'requires jdk.unsupported;' to your module-info");
        }
        Map<Object, Object> previous = new LinkedHashMap<>();
        List<Signal> ignored = new ArrayList<>();
        for (Signal signal : signals) {
            Object jdk = Jdk.signal(signal);
            try {
                Object before = Jdk.handle(jdk, Jdk.handler(() -> handler.accept(signal)));
                if (before == Jdk.ignoringHandler() && KEPT_IGNORED.contains(signal)) {
                    Jdk.handle(jdk, before); // never installed: the JVM keeps a signal the process began ignoring
                    ignored.add(signal);
                } else {
                    previous.put(jdk, before);
                }
            } catch (IllegalArgumentException e) {
                previous.forEach(Jdk::handle);
                throw refused(signal, e.getMessage());
            }
        }
        if (!ignored.isEmpty()) {
            List<Signal> caught = new ArrayList<>(signals);
            caught.removeAll(ignored);
            LOG.log(System.Logger.Level.WARNING, "SIG" + String.join(", SIG", names(ignored)) + " cannot stop this"
                    + " process: it began with " + (ignored.size() == 1 ? "that signal" : "those signals") + " ignored"
                    + " (as nohup and the background jobs of a non-interactive shell start a process), and the JVM"
                    + " keeps " + (ignored.size() == 1 ? "it" : "them") + " ignored; "
                    + (caught.isEmpty() ? "no stop signal reaches it" : "SIG" + String.join(", SIG", names(caught))
                    + " still " + (caught.size() == 1 ? "does" : "do")));
        }
        return new Caught(previous);
    }

    private static List<String> names(List<Signal> signals) {
        List<String> names = new ArrayList<>();
        for (Signal s : signals) {
            names.add(s.name());
        }
        return names;
    }

    private static IllegalArgumentException refused(Signal signal, String why) {
        List<Signal> catchable = new ArrayList<>(EnumSet.complementOf(EnumSet.copyOf(RESERVED)));
        return new IllegalArgumentException("SIG" + signal + " cannot be a stop signal: " + why
                + " (sun.misc.Signal refuses to handle it); signals a JVM can catch: " + catchable);
    }

    /**
     * Sends {@code signal} to the process {@code pid}.
     *
     * @throws IOException if the signal could not be sent (no such process, or not allowed)
     */
    static void send(long pid, Signal signal) throws IOException {
        boolean self = pid == ProcessHandle.current().pid();
        if (!self && (signal == Signal.TERM || signal == Signal.KILL)) {
            ProcessHandle process = ProcessHandle.of(pid).orElse(null);
            if (process == null) {
                throw new IOException("cannot send SIG" + signal + " to process " + pid + ": no such process");
            }
            boolean sent = signal == Signal.TERM ? process.destroy() : process.destroyForcibly();
            if (!sent && process.isAlive()) {
                throw new IOException("cannot send SIG" + signal + " to process " + pid);
            }
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + signal.name(), Long.toString(pid))
                .redirectErrorStream(true).start();
        kill.getOutputStream().close();
        String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int status;
        try {
            status = kill.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending SIG" + signal + " to process " + pid, e);
        }
        if (status != 0) {
            throw new IOException("kill -" + signal.name() + " " + pid + " failed with status " + status + ": "
                    + output.strip());
        }
    }
}
