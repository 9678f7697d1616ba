package dev.timescope.internal.clock;

import dev.timescope.LeakPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The settings of one domain, validated once; every bad value is named in the message. */
public final class DomainOptions {

    public static final Instant DEFAULT_START = Instant.parse("2000-01-01T00:00:00Z");
    public static final Duration DEFAULT_DEADLOCK_GRACE = Duration.ofSeconds(1);
    public static final int DEFAULT_RUNAWAY_LIMIT = 100_000;
    public static final Duration DEFAULT_SPIN_TICK = Duration.ofNanos(1_000);
    public static final Duration DEFAULT_STALL_WARNING = Duration.ofSeconds(10);

    /** Earliest and latest start: the wall clock in milliseconds must fit a long for ~290 years after. */
    static final Instant MIN_START = Instant.parse("-100000-01-01T00:00:00Z");
    static final Instant MAX_START = Instant.parse("+100000-01-01T00:00:00Z");

    final String name;
    final Instant start;
    final boolean autoAdvance;
    final long deadlockGraceNanos;
    final long advanceGraceNanos;
    final int runawayLimit;
    final LeakPolicy leakPolicy;
    final long spinTickNanos;
    final boolean realTimeWhileBusy;
    final long stallWarningNanos;
    /** The global clock's rate (section 6); null for a domain opened in code. */
    final Rate globalRate;

    private DomainOptions(Builder b) {
        this.name = b.name;
        this.start = b.start;
        this.autoAdvance = b.autoAdvance;
        this.deadlockGraceNanos = b.deadlockGrace.toNanos();
        this.advanceGraceNanos = b.advanceGrace.toNanos();
        this.runawayLimit = b.runawayLimit;
        this.leakPolicy = b.leakPolicy;
        this.spinTickNanos = b.spinTick.toNanos();
        this.realTimeWhileBusy = b.realTimeWhileBusy;
        this.stallWarningNanos = b.stallWarning.toNanos();
        this.globalRate = b.globalRate;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /** Mutable, validating builder; {@code VirtualClock.Builder} delegates to it. */
    public static final class Builder {
        private String name;
        private Instant start = DEFAULT_START;
        private boolean autoAdvance = true;
        private Duration deadlockGrace = DEFAULT_DEADLOCK_GRACE;
        private Duration advanceGrace = Duration.ZERO;
        private int runawayLimit = DEFAULT_RUNAWAY_LIMIT;
        private LeakPolicy leakPolicy = LeakPolicy.FAIL;
        private Duration spinTick = DEFAULT_SPIN_TICK;
        private boolean realTimeWhileBusy;
        private Duration stallWarning = DEFAULT_STALL_WARNING;
        private Rate globalRate;

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder start(Instant start) {
            Objects.requireNonNull(start, "startAt");
            if (start.isBefore(MIN_START) || start.isAfter(MAX_START)) {
                throw new IllegalArgumentException("startAt " + start + " is out of range: valid instants are "
                        + MIN_START + " to " + MAX_START);
            }
            this.start = start;
            return this;
        }

        public Builder autoAdvance(boolean autoAdvance) {
            this.autoAdvance = autoAdvance;
            return this;
        }

        public Builder deadlockGrace(Duration grace) {
            this.deadlockGrace = nonNegative("deadlockGrace", grace);
            return this;
        }

        public Builder advanceGrace(Duration grace) {
            this.advanceGrace = nonNegative("advanceGrace", grace);
            return this;
        }

        public Builder runawayLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("runawayLimit " + limit + " is invalid: it must be at least 1");
            }
            this.runawayLimit = limit;
            return this;
        }

        public Builder leakPolicy(LeakPolicy policy) {
            this.leakPolicy = Objects.requireNonNull(policy, "leakPolicy");
            return this;
        }

        /** Section 3.4: how far a member spinning alone on the clock moves it when no deadline is pending. */
        public Builder spinTick(Duration tick) {
            this.spinTick = nonNegative("spinTick", tick);
            return this;
        }

        /** Section 3.5: while any member runs, the clock moves at the rate of real time. */
        public Builder realTimeWhileBusy(boolean realTimeWhileBusy) {
            this.realTimeWhileBusy = realTimeWhileBusy;
            return this;
        }

        /** Section 4, "Stall": real time the clock may be held while the root waits before the members are named. */
        public Builder stallWarning(Duration after) {
            this.stallWarning = nonNegative("stallWarning", after);
            return this;
        }

        /** Section 6: the global domain's clock, which runs at {@code rate} of real time (0: it stands). */
        Builder global(Rate rate) {
            this.globalRate = Objects.requireNonNull(rate, "rate");
            return this;
        }

        public DomainOptions build() {
            return new DomainOptions(this);
        }

        private static Duration nonNegative(String what, Duration value) {
            Objects.requireNonNull(value, what);
            if (value.isNegative()) {
                throw new IllegalArgumentException(what + " " + value + " is invalid: it must be zero or positive");
            }
            try {
                value.toNanos();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(what + " " + value + " is too long: at most ~292 years", e);
            }
            return value;
        }
    }
}
