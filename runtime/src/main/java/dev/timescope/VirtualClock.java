package dev.timescope;

import dev.timescope.internal.AgentStatus;
import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.DomainOptions;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual clock shared by a domain of threads: the thread that starts it (the root), every thread
 * a member constructs while it is open, and nothing else. Members sleep, park, wait with timeouts and
 * read the time on this clock; every other thread stays on real time. The full contract is in
 * {@code virtual-time.md}; this class is its handle.
 *
 * <pre>{@code
 * try (VirtualClock clock = VirtualClock.start()) {          // a domain rooted at this thread
 *     Thread.sleep(Duration.ofHours(1));                     // returns at once, virtually 1 h later
 *     clock.advance(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>With auto-advance (the default) the clock jumps to the next deadline whenever every member is
 * blocked; without it, only {@link #advance}, {@link #advanceTo} and {@link #runUntilIdle} move it.
 * A deadlock fails the root's blocking call with {@link DeadlockError}; members still alive at
 * {@link #close()} fail it with {@link LeakedThreadsError}.
 *
 * <p>Requires the timescope agent ({@code -javaagent:timescope-agent.jar}).
 */
public final class VirtualClock implements AutoCloseable {

    private final Domain domain;

    private VirtualClock(Domain domain) {
        this.domain = domain;
    }

    /** Starts a domain rooted at the calling thread, at {@code 2000-01-01T00:00:00Z}, with auto-advance. */
    public static VirtualClock start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The clock of the domain the calling thread belongs to, if any. */
    public static Optional<VirtualClock> current() {
        Member m = Domains.current();
        if (m == null) {
            return Optional.empty();
        }
        Object handle = m.domain().handle();
        return Optional.of(handle instanceof VirtualClock ? (VirtualClock) handle : new VirtualClock(m.domain()));
    }

    /** True once the timescope agent has installed its hooks in this JVM. */
    public static boolean isAgentInstalled() {
        return AgentStatus.isInstalled();
    }

    /** The current virtual instant. */
    public Instant instant() {
        return domain.instant();
    }

    /** What {@code System.nanoTime()} returns to members now. */
    public long nanoTime() {
        return domain.nanoTime();
    }

    /** Virtual time elapsed since the clock started. */
    public Duration elapsed() {
        return Duration.ofNanos(domain.elapsedNanos());
    }

    /**
     * Moves the clock forward by {@code duration}: fires every timer due up to the target in deadline
     * order, letting the members woken at each instant run until the domain is quiescent again, and
     * returns once the members woken at the target have settled. Works with or without auto-advance.
     *
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot advance by " + duration + ": virtual time never goes backwards");
        }
        long nanos;
        try {
            nanos = Math.addExact(domain.elapsedNanos(), duration.toNanos());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cannot advance by " + duration + ": a clock spans at most ~292 years", e);
        }
        domain.advanceTo(nanos);
    }

    /**
     * Moves the clock forward to {@code target}, as {@link #advance} does.
     *
     * @throws IllegalArgumentException if {@code target} is before {@link #instant()}
     */
    public void advanceTo(Instant target) {
        Objects.requireNonNull(target, "target");
        long nanos;
        try {
            // From the fixed start, not from "now": the clock may move between two readings.
            nanos = Duration.between(domain.start(), target).toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cannot advance to " + target + ": a clock spans at most ~292 years", e);
        }
        if (nanos < domain.elapsedNanos()) {
            throw new IllegalArgumentException("cannot advance to " + target + ": the clock is already at " + instant()
                    + " and virtual time never goes backwards");
        }
        domain.advanceTo(nanos);
    }

    /** Advances until no timer is pending and every member is blocked. */
    public void runUntilIdle() {
        domain.runUntilIdle();
    }

    /** Waits, without moving the clock, until every other member is durably blocked. */
    public void awaitQuiescence() {
        domain.awaitQuiescence();
    }

    /** Timers pending: sleeping or timed-waiting members, and scheduled tasks. */
    public int pendingTimers() {
        return domain.pendingTimers();
    }

    /**
     * Closes the domain. Only the thread that started it may. Members still alive are reported
     * (by default the call fails with {@link LeakedThreadsError}), then interrupted.
     */
    @Override
    public void close() {
        domain.close();
    }

    @Override
    public String toString() {
        return "VirtualClock[" + domain.name() + " at " + instant() + "]";
    }

    /** Settings for {@link VirtualClock#builder()}. */
    public static final class Builder {

        private final DomainOptions.Builder options = DomainOptions.builder();

        private Builder() {
        }

        /** The virtual instant the clock starts at; default {@code 2000-01-01T00:00:00Z}. */
        public Builder startAt(Instant start) {
            options.start(start);
            return this;
        }

        /** Whether the clock jumps to the next deadline when every member is blocked; default true. */
        public Builder autoAdvance(boolean autoAdvance) {
            options.autoAdvance(autoAdvance);
            return this;
        }

        /** A name for reports; default: derived from the root thread. */
        public Builder name(String name) {
            options.name(name);
            return this;
        }

        /**
         * Real time a domain must stay blocked with nothing to fire before it is reported as a
         * deadlock (a thread outside the domain might still wake a member); default 1 s.
         */
        public Builder deadlockGrace(Duration grace) {
            options.deadlockGrace(grace);
            return this;
        }

        /**
         * Real time to wait before each jump of the clock; default zero. For tests whose members wait
         * on threads outside the domain, so that their timeouts are not fast-forwarded.
         */
        public Builder advanceGrace(Duration grace) {
            options.advanceGrace(grace);
            return this;
        }

        /** Timers one advance may fire before it fails with {@link RunawayTimersError}; default 100,000. */
        public Builder runawayLimit(int limit) {
            options.runawayLimit(limit);
            return this;
        }

        /**
         * Real time the clock may be held (members running, or waiting where timescope cannot see) while the root
         * waits for it, before a warning names what holds it, once; default 10 s.
         */
        public Builder stallWarning(Duration after) {
            options.stallWarning(after);
            return this;
        }

        /**
         * For code that measures time by doing work (a loop that runs "for two seconds"): while any member runs,
         * the clock moves at the rate of real time; when all are blocked it still jumps. Default false: CPU work
         * takes no virtual time.
         */
        public Builder realTimeWhileBusy(boolean realTimeWhileBusy) {
            options.realTimeWhileBusy(realTimeWhileBusy);
            return this;
        }

        /**
         * How far the clock moves when a member spinning ({@code Thread.onSpinWait}, {@code Thread.yield}) is the
         * only thing holding it and no deadline is pending; default 1 µs. Zero turns spinning detection off.
         */
        public Builder spinTick(Duration tick) {
            options.spinTick(tick);
            return this;
        }

        /** What {@link VirtualClock#close()} does about threads still alive; default {@link LeakPolicy#FAIL}. */
        public Builder onLeak(LeakPolicy policy) {
            options.leakPolicy(policy);
            return this;
        }

        /**
         * Starts the clock, rooted at the calling thread.
         *
         * @throws IllegalStateException if the agent is not installed, or the thread already belongs to a domain
         */
        public VirtualClock start() {
            AgentStatus.requireSameCopyAsTheAgent(VirtualClock.class);
            if (!AgentStatus.isInstalled()) {
                throw new IllegalStateException(AgentStatus.missingAgentMessage());
            }
            Domain domain = Domain.open(options.build());
            VirtualClock clock = new VirtualClock(domain);
            domain.handle(clock);
            return clock;
        }
    }
}
