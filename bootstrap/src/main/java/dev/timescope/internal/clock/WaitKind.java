package dev.timescope.internal.clock;

/** What a thread waits for inside the domain; it decides how a real wake-up is read. */
enum WaitKind {
    /** {@code Thread.sleep}, {@code TimeUnit.sleep}: only the deadline or an interrupt ends it. */
    SLEEP("sleeping"),
    /** {@code LockSupport.park*}: may also return spuriously, so any real wake-up ends it. */
    PARK("parked"),
    /** {@code Thread.join}: the target's termination, the deadline or an interrupt ends it. */
    JOIN("joining"),
    /** {@code Object.wait}: a notify, the deadline or an interrupt ends it; spurious wake-ups may too. */
    MONITOR("in Object.wait"),
    /** A controller in {@code advance}/{@code advanceTo}: its deadline is the target. */
    ADVANCE("advancing the clock"),
    /** A controller in {@code runUntilIdle}: ends when no timer is pending. */
    IDLE("running until idle"),
    /** A controller in {@code awaitQuiescence}: ends when every other member is durably blocked. */
    QUIESCENCE("awaiting quiescence");

    final String description;

    WaitKind(String description) {
        this.description = description;
    }

    boolean isController() {
        return this == ADVANCE || this == IDLE || this == QUIESCENCE;
    }
}
