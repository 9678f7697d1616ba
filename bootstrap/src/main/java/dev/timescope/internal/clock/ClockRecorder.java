package dev.timescope.internal.clock;

/**
 * The one {@link ClockEvents} every domain reports to, installed by the runtime when it loads. A report that
 * fails is dropped: recording never changes what the clock does.
 */
public final class ClockRecorder {

    private static final ClockEvents NONE = new ClockEvents() {
    };

    private static volatile ClockEvents installed = NONE;

    private ClockRecorder() {
    }

    /**
     * Installs the recorder every domain reports to from now on.
     *
     * @param events the recorder; null for none
     */
    public static void install(ClockEvents events) {
        installed = events == null ? NONE : events;
    }

    static void opened(Domain domain) {
        try {
            installed.opened(domain);
        } catch (RuntimeException | LinkageError e) {
            // recording is best effort
        }
    }

    static void advanced(Domain domain, long fromNanos, long toNanos, int timersFired, boolean spin) {
        if (toNanos <= fromNanos) {
            return;
        }
        try {
            installed.advanced(domain, fromNanos, toNanos, timersFired, spin);
        } catch (RuntimeException | LinkageError e) {
            // recording is best effort
        }
    }

    static void deadlocked(Domain domain, String report) {
        try {
            installed.deadlocked(domain, report);
        } catch (RuntimeException | LinkageError e) {
            // recording is best effort
        }
    }

    static void closed(Domain domain) {
        try {
            installed.closed(domain);
        } catch (RuntimeException | LinkageError e) {
            // recording is best effort
        }
    }
}
