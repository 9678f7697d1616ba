package dev.timescope.server;

import java.io.PrintStream;

/**
 * What a child JVM tells its parent, as lines on its standard output that start with a NUL character (which
 * ordinary output does not contain). The parent reads every line of the child's output, acts on these and passes
 * the others on to its own standard output.
 */
final class ControlLine {

    private static final String PREFIX = "\u0000timescope:";
    /** The child caught its stop signals: signals sent from now on reach its handlers. */
    static final String ARMED = PREFIX + "armed";
    /** The child is ready ({@link ChildProcess#ready()}, or a worker awaits its stop). */
    static final String READY = PREFIX + "ready";
    /** A worker failed; a JSON {@link Failure} follows. */
    static final String FAILED = PREFIX + "failed ";

    /** A worker's failure, as a child reports it. */
    static final class Failure {
        /** "set-up" or "tear-down". */
        public String phase;
        /** The exception with its stack trace. */
        public String trace;
    }

    private static volatile PrintStream channel;

    private ControlLine() {
    }

    /** In a child: where control lines go (its standard output as the JVM started it). */
    static void openChannel(PrintStream stdout) {
        channel = stdout;
    }

    static boolean hasChannel() {
        return channel != null;
    }

    static void send(String line) {
        PrintStream out = channel;
        if (out != null) {
            synchronized (out) {
                out.print(line);
                out.print('\n');
                out.flush();
            }
        }
    }

    /** The control part of a line of output, or {@code null} if it has none. */
    static String control(String line) {
        int at = line.indexOf(PREFIX);
        return at < 0 ? null : line.substring(at);
    }

    /** What comes before the control part (output that had no line end yet). */
    static String before(String line) {
        int at = line.indexOf(PREFIX);
        return at < 0 ? line : line.substring(0, at);
    }
}
