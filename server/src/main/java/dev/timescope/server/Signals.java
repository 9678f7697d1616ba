package dev.timescope.server;

import java.io.IOException;
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
        private final Map<sun.misc.Signal, sun.misc.SignalHandler> previous;

        private Caught(Map<sun.misc.Signal, sun.misc.SignalHandler> previous) {
            this.previous = previous;
        }

        /** Puts back the handlers that were there before. */
        @Override
        public void close() {
            previous.forEach(sun.misc.Signal::handle);
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
                throw refused(signal, "the JVM reserves it");
            }
        }
    }

    /**
     * Calls {@code handler} (on a thread of the JVM's) whenever one of {@code signals} reaches this process, in place
     * of the JVM's own handling, until the result is closed.
     *
     * @throws IllegalArgumentException if the JVM refuses one of them; nothing is installed then
     */
    static Caught catchAll(Collection<Signal> signals, Consumer<Signal> handler) {
        checkCatchable(signals);
        Map<sun.misc.Signal, sun.misc.SignalHandler> previous = new LinkedHashMap<>();
        try {
            for (Signal signal : signals) {
                sun.misc.Signal jdk = new sun.misc.Signal(signal.name());
                previous.put(jdk, sun.misc.Signal.handle(jdk, caught -> handler.accept(signal)));
            }
        } catch (IllegalArgumentException e) {
            previous.forEach(sun.misc.Signal::handle);
            Signal refused = signals.stream().filter(s -> !previous.containsKey(new sun.misc.Signal(s.name())))
                    .findFirst().orElseThrow(() -> e);
            throw refused(refused, e.getMessage());
        }
        return new Caught(previous);
    }

    private static IllegalArgumentException refused(Signal signal, String why) {
        List<Signal> catchable = new ArrayList<>(EnumSet.complementOf(EnumSet.copyOf(RESERVED)));
        return new IllegalArgumentException("SIG" + signal + " cannot be a stop signal: " + why
                + " (sun.misc.Signal refuses it); signals a JVM can catch: " + catchable);
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
