package dev.timescope.server;

import java.util.Locale;

/**
 * The UNIX signals a server or a child process deals with, by their usual names.
 *
 * <p>Their numbers are the host's: Linux numbers, except on macOS and the BSDs, where {@link #USR1} and
 * {@link #USR2} are 30 and 31. Not every signal can be caught by a JVM: {@link #KILL} cannot be caught at all, and
 * the JVM keeps {@link #QUIT} (thread dumps) and {@link #SEGV} for itself; a server refuses them as stop signals.
 */
public enum Signal {
    /** Hang-up: the controlling terminal went away. */
    HUP(1, 1),
    /** Interrupt: Ctrl-C in a terminal. */
    INT(2, 2),
    /** Quit: the JVM prints a thread dump on it and keeps running. */
    QUIT(3, 3),
    /** Kill: cannot be caught; the process dies at once. */
    KILL(9, 9),
    /** User-defined signal 1. */
    USR1(10, 30),
    /** Segmentation fault: the JVM uses it internally. */
    SEGV(11, 11),
    /** User-defined signal 2. */
    USR2(12, 31),
    /** Alarm clock. */
    ALRM(14, 14),
    /** Termination request: what {@code kill} sends by default, and what service managers send to stop. */
    TERM(15, 15);

    private static final boolean BSD_NUMBERS = isBsd(System.getProperty("os.name", ""));

    private final int linux;
    private final int bsd;

    Signal(int linux, int bsd) {
        this.linux = linux;
        this.bsd = bsd;
    }

    /**
     * The signal's number on this host.
     *
     * @return the number, as {@code kill -l} prints it
     */
    public int number() {
        return BSD_NUMBERS ? bsd : linux;
    }

    /**
     * The signal with the given number on this host.
     *
     * @param number a signal number
     * @return the signal
     * @throws IllegalArgumentException if no constant of this enum has that number here
     */
    public static Signal ofNumber(int number) {
        for (Signal signal : values()) {
            if (signal.number() == number) {
                return signal;
            }
        }
        throw new IllegalArgumentException("no signal of " + Signal.class.getName() + " has number " + number
                + " on this host; known: " + java.util.Arrays.toString(values()));
    }

    private static boolean isBsd(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.contains("mac") || os.contains("darwin") || os.contains("bsd");
    }
}
