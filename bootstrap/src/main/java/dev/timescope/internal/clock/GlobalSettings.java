package dev.timescope.internal.clock;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The settings of global mode (contract, section 6), as the agent parsed them: where the clock starts, how fast it
 * runs, and whether it also jumps when every application thread is blocked.
 */
public final class GlobalSettings {

    /** The start, or null for the real instant the JVM starts the clock. */
    final Instant start;
    final Rate rate;
    final boolean autoAdvance;

    /**
     * Settings, checked by the caller (the agent's option parser names a bad value).
     *
     * @param start the instant the clock starts at, or null for the real now
     * @param rate virtual seconds per real second, zero or more
     * @param autoAdvance whether the clock jumps to the next deadline when every application thread is blocked
     */
    public GlobalSettings(Instant start, BigDecimal rate, boolean autoAdvance) {
        this.start = start;
        this.rate = Rate.of(rate);
        this.autoAdvance = autoAdvance;
    }

    /**
     * Whether {@code start} is an instant a clock may start at.
     *
     * @param start the instant
     * @return null if it may, else what the valid instants are
     */
    public static String checkStart(Instant start) {
        if (start.isBefore(DomainOptions.MIN_START) || start.isAfter(DomainOptions.MAX_START)) {
            return "valid instants are " + DomainOptions.MIN_START + " to " + DomainOptions.MAX_START;
        }
        return null;
    }

    @Override
    public String toString() {
        return "mode=global" + (start == null ? "" : ",start=" + start) + ",rate=" + rate + ",autoAdvance=" + autoAdvance;
    }
}
