package dev.timescope.dashboard;

/** A {@code dev.timescope.Deadlock} event: a domain whose threads all wait with no timer to fire, and its report. */
record Deadlock(Node domain, String report, long realTime, long virtualMillis) {
}
