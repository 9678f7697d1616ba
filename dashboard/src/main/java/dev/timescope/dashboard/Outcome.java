package dev.timescope.dashboard;

import java.util.Locale;

/** How a scope or task ended, as the page colours it. */
enum Outcome {
    SUCCESS, FAILED, CANCELLED, RUNNING;

    /**
     * Reads an event's {@code outcome} field tolerantly, for its colour: {@code FAILED} and {@code TIMED_OUT} as
     * failed, {@code CANCELLED} and {@code ABORTED} as cancelled, nothing at all (a scope or task the recording
     * ended before) as running, anything else as success. The recorded word itself is shown beside the colour.
     */
    static Outcome parse(String value) {
        if (value == null || value.isBlank()) {
            return RUNNING;
        }
        String v = value.toUpperCase(Locale.ROOT);
        if (v.contains("FAIL") || v.contains("TIMED_OUT") || v.contains("TIMEOUT")) {
            return FAILED;
        }
        if (v.contains("CANCEL") || v.contains("ABORT")) {
            return CANCELLED;
        }
        if (v.contains("RUN") || v.contains("OPEN")) {
            return RUNNING;
        }
        return SUCCESS;
    }

    /** The word shown to users. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
