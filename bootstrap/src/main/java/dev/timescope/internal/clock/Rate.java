package dev.timescope.internal.clock;

import java.math.BigDecimal;

/**
 * How fast the global clock runs: virtual nanoseconds per real nanosecond (section 3.3). A whole rate scales
 * exactly; a fractional one through a {@code double}, which rounds down consistently, so a reading never goes
 * backwards and is at most a nanosecond off.
 */
public final class Rate {

    /** As fast as real time. */
    public static final Rate REAL_TIME = new Rate(BigDecimal.ONE);

    private final BigDecimal value;
    /** The rate when whole, else -1. */
    private final long whole;
    private final double fraction;

    private Rate(BigDecimal value) {
        this.value = value;
        long w;
        try {
            w = value.longValueExact();
        } catch (ArithmeticException e) {
            w = -1;
        }
        this.whole = w;
        this.fraction = value.doubleValue();
    }

    /**
     * A rate.
     *
     * @param value virtual seconds per real second; zero or more
     * @return the rate
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static Rate of(BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("rate " + value + " is invalid: it must be zero or positive");
        }
        return value.compareTo(BigDecimal.ONE) == 0 ? REAL_TIME : new Rate(value);
    }

    /** Whether the clock stands still unless it jumps. */
    boolean isZero() {
        return value.signum() == 0;
    }

    /** Virtual nanoseconds in {@code realNanos} real ones; saturates at the ends of a long. */
    long scale(long realNanos) {
        if (whole == 1) {
            return realNanos;
        }
        if (whole >= 0) {
            long high = Math.multiplyHigh(realNanos, whole);
            long low = realNanos * whole;
            if (high == 0 && low >= 0 || high == -1 && low < 0) {
                return low;
            }
            return realNanos < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        double v = realNanos * fraction;
        return v >= 0x1p63 ? Long.MAX_VALUE : (long) Math.floor(v);
    }

    /** Real nanoseconds in which {@code virtualNanos} (positive) pass: rounded up, so the clock has reached them. */
    long realNanosFor(long virtualNanos) {
        if (whole > 0) {
            return virtualNanos / whole + (virtualNanos % whole == 0 ? 0 : 1);
        }
        double estimate = Math.ceil(virtualNanos / fraction);
        if (estimate >= 0x1p62) {
            return Long.MAX_VALUE;
        }
        long real = (long) estimate;
        while (scale(real) < virtualNanos) { // the division rounds: settle on the exact answer, a step or two away
            real++;
        }
        while (real > 0 && scale(real - 1) >= virtualNanos) {
            real--;
        }
        return real;
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
