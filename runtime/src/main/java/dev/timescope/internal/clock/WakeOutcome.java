package dev.timescope.internal.clock;

import dev.timescope.VirtualTimeError;

/** How a wait inside a domain ended, as the hook that called it needs to know. */
public final class WakeOutcome {

    static final WakeOutcome CLOSED = new WakeOutcome(WakeReason.CLOSED, null, 0);
    static final WakeOutcome UNPARKED = new WakeOutcome(WakeReason.UNPARKED, null, 0);
    static final WakeOutcome TERMINATED = new WakeOutcome(WakeReason.TERMINATED, null, 0);

    public final WakeReason reason;
    /** For {@link WakeReason#FAILED}: what the root must throw (see {@link Domain#toThrow}). */
    final VirtualTimeError failure;
    /** For {@link WakeReason#CLOSED}: virtual nanoseconds the wait still had to go, to finish in real time. */
    public final long remainingNanos;

    WakeOutcome(WakeReason reason, VirtualTimeError failure) {
        this(reason, failure, 0);
    }

    private WakeOutcome(WakeReason reason, VirtualTimeError failure, long remainingNanos) {
        this.reason = reason;
        this.failure = failure;
        this.remainingNanos = remainingNanos;
    }

    static WakeOutcome of(WakeReason reason, Wait w) {
        if (reason == WakeReason.CLOSED && w.hasDeadline() && w.member != null) {
            long remaining = w.deadline - w.member.domain.elapsedNanos();
            return new WakeOutcome(reason, null, Math.max(0, remaining));
        }
        return new WakeOutcome(reason, null, 0);
    }
}
