package dev.timescope.internal.clock;

import java.util.EnumMap;
import java.util.Map;

/** How a wait inside a domain ended, as the hook that called it needs to know. */
public final class WakeOutcome {

    private static final Map<WakeReason, WakeOutcome> PLAIN = new EnumMap<>(WakeReason.class);

    static {
        for (WakeReason reason : WakeReason.values()) {
            PLAIN.put(reason, new WakeOutcome(reason, null, -1));
        }
    }

    /** The domain closed before the wait began: the hook does the whole call in real time. */
    static final WakeOutcome CLOSED_BEFORE = PLAIN.get(WakeReason.CLOSED);
    static final WakeOutcome UNPARKED = PLAIN.get(WakeReason.UNPARKED);
    static final WakeOutcome TERMINATED = PLAIN.get(WakeReason.TERMINATED);
    static final WakeOutcome TIMEOUT = PLAIN.get(WakeReason.TIMEOUT);
    static final WakeOutcome INTERRUPTED = PLAIN.get(WakeReason.INTERRUPTED);

    public final WakeReason reason;
    /** For {@link WakeReason#FAILED}: what to throw (see {@link Domain#failureOf}). */
    final Failure failure;
    /**
     * For {@link WakeReason#CLOSED}: virtual nanoseconds the wait still had to go, which the hook finishes
     * in real time; -1 when unknown or without deadline (the hook then does the whole call for real).
     */
    public final long remainingNanos;

    private WakeOutcome(WakeReason reason, Failure failure, long remainingNanos) {
        this.reason = reason;
        this.failure = failure;
        this.remainingNanos = remainingNanos;
    }

    WakeOutcome(Failure failure) {
        this(WakeReason.FAILED, failure, -1);
    }

    static WakeOutcome of(WakeReason reason) {
        return PLAIN.get(reason);
    }

    static WakeOutcome closed(long remainingNanos) {
        return new WakeOutcome(WakeReason.CLOSED, null, remainingNanos);
    }
}
