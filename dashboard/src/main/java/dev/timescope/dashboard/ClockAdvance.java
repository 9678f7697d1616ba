package dev.timescope.dashboard;

/**
 * A {@code dev.timescope.ClockAdvance} event: a domain's clock moved from one virtual instant to another;
 * {@code elapsedNanos} is the clock after, since the domain started, and {@code stepNanos} the move, both exact
 * ({@link #UNKNOWN} when the recording lacks them).
 */
record ClockAdvance(Node domain, long fromMillis, long toMillis, long elapsedNanos, long stepNanos, long timersFired,
        String cause, long realTime) {

    /** Marks an advance recorded without its exact {@code elapsed} time. */
    static final long UNKNOWN = -1;
}
