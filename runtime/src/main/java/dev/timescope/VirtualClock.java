package dev.timescope;

import dev.timescope.internal.AgentStatus;
import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.DomainOptions;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.jfr.Recorder;
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
 * <p>Requires the timescope agent ({@code -javaagent:timescope-agent.jar}). Started with
 * {@code -javaagent:timescope-agent.jar=mode=global,...}, the agent puts every application thread of the JVM on one
 * clock of its own (global mode, {@code virtual-time.md} section 6): then {@link #current()} returns that clock on
 * every application thread, and no other clock can be started.
 */
public final class VirtualClock implements AutoCloseable {

    private final Domain domain;

    private VirtualClock(Domain domain) {
        this.domain = domain;
    }

    /**
     * Starts a domain rooted at the calling thread, at {@code 2000-01-01T00:00:00Z}, with auto-advance and the
     * other defaults of {@link Builder}. Close it on the same thread, with try-with-resources.
     *
     * @return the domain's clock
     * @throws IllegalStateException if the agent is not installed, the calling thread already belongs to a
     *         domain, or the JVM runs in global mode
     */
    public static VirtualClock start() {
        return builder().start();
    }

    /**
     * Starts the settings of a clock; {@link Builder#start()} then starts it.
     *
     * @return a builder with every setting at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The clock of the domain the calling thread belongs to: its root, a thread a member constructed, or a
     * pool's thread while it runs a task a member handed it. In global mode, the global clock, on every application
     * thread.
     *
     * @return the clock, or empty if the calling thread is in no domain (it runs on real time)
     */
    public static Optional<VirtualClock> current() {
        Member m = Domains.current();
        if (m == null) {
            return Optional.empty();
        }
        Domain domain = m.domain();
        Object handle = domain.handle();
        if (handle instanceof VirtualClock) {
            return Optional.of((VirtualClock) handle);
        }
        VirtualClock clock = new VirtualClock(domain);
        if (domain.isGlobal()) {
            // Opened by the agent, it has no handle until a thread asks: the first one set is every thread's.
            return Optional.of((VirtualClock) domain.handleIfAbsent(clock));
        }
        return Optional.of(clock);
    }

    /**
     * Whether the timescope agent has installed its hooks in this JVM, from {@code -javaagent} or attached at run
     * time. Without it, {@link #start()} fails.
     *
     * @return true once the agent's hooks are in place
     */
    public static boolean isAgentInstalled() {
        return AgentStatus.isInstalled();
    }

    /**
     * The current virtual instant: what {@code Instant.now()} returns to members now.
     *
     * @return the clock's reading on the wall-clock scale
     */
    public Instant instant() {
        return domain.instant();
    }

    /**
     * What {@code System.nanoTime()} returns to members now. It moves exactly as {@link #instant()} does.
     *
     * @return the clock's monotonic reading, in nanoseconds from an arbitrary origin
     */
    public long nanoTime() {
        return domain.nanoTime();
    }

    /**
     * Virtual time elapsed since the clock started.
     *
     * @return the time from the start instant to {@link #instant()}; never negative
     */
    public Duration elapsed() {
        return Duration.ofNanos(domain.elapsedNanos());
    }

    /**
     * Moves the clock forward by {@code duration}: fires every timer due up to the target in deadline
     * order, letting the members woken at each instant run until the domain is quiescent again, and
     * returns once the members woken at the target have settled. Works with or without auto-advance. The
     * call is not interruptible: an interrupt stays pending on the calling thread for after it. On a clock that
     * runs by itself (global mode at a rate, or busy members with {@code realTimeWhileBusy}), the clock may pass
     * the target before the advance begins: it then returns at once.
     *
     * @param duration how far to move the clock; zero fires only the timers already due
     * @throws IllegalArgumentException if {@code duration} is negative, or takes the clock past about 292 years
     *         from its start
     * @throws DeadlockError if the domain deadlocks meanwhile (a {@link VirtualTimeError}, as are the others
     *         the domain reports to its root)
     * @throws RunawayTimersError if, during the advance, one timer that re-arms fires more often than the runaway
     *         limit
     * @throws IllegalStateException if the clock is closed, or the calling thread belongs to another domain
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
     * @param target the virtual instant to move the clock to
     * @throws IllegalArgumentException if {@code target} is before {@link #instant()} on a clock that moves only by
     *         jumps (on one that runs by itself, such a target returns at once), or about 292 years or more after
     *         the clock's start
     * @throws DeadlockError if the domain deadlocks meanwhile (a {@link VirtualTimeError}, as are the others
     *         the domain reports to its root)
     * @throws RunawayTimersError if, during the advance, one timer that re-arms fires more often than the runaway
     *         limit
     * @throws IllegalStateException if the clock is closed, or the calling thread belongs to another domain
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
        domain.advanceTo(nanos); // checks the target against the clock under the domain's lock
    }

    /**
     * Advances, as {@link #advance} does, until no timer is pending and every member is durably blocked:
     * everything the domain had scheduled has run. Not interruptible, as {@link #advance}.
     *
     * @throws DeadlockError if the domain deadlocks meanwhile (a {@link VirtualTimeError}, as are the others
     *         the domain reports to its root)
     * @throws RunawayTimersError if, during the advance, one timer that re-arms fires more often than the runaway
     *         limit
     * @throws IllegalStateException if the clock is closed, or the calling thread belongs to another domain
     */
    public void runUntilIdle() {
        domain.runUntilIdle();
    }

    /**
     * Waits, without moving the clock, until every other member is durably blocked and no task handed to a
     * pool is waiting or running. Not interruptible, as {@link #advance}.
     *
     * @throws DeadlockError if the domain deadlocks meanwhile (a {@link VirtualTimeError}, as are the others
     *         the domain reports to its root)
     * @throws RunawayTimersError if, during the advance, one timer that re-arms fires more often than the runaway
     *         limit
     * @throws IllegalStateException if the clock is closed, or the calling thread belongs to another domain
     */
    public void awaitQuiescence() {
        domain.awaitQuiescence();
    }

    /**
     * How many timers are pending now: sleeping or timed-waiting members, and tasks scheduled for a later
     * virtual time.
     *
     * @return the number of pending timers; zero once the domain is idle
     */
    public int pendingTimers() {
        return domain.pendingTimers();
    }

    /**
     * Closes the domain. Only the thread that started it may; closing again does nothing. What the domain
     * still owns is reported per the leak policy (by default the call fails with {@link LeakedThreadsError}):
     * member threads still alive, tasks still queued or running in a pool, scheduled tasks still pending.
     * Then those threads are interrupted and those tasks cancelled, and every thread goes back to real time.
     *
     * @throws LeakedThreadsError under {@link LeakPolicy#FAIL}, if the domain still owned threads or tasks
     * @throws VirtualTimeError a failure of the domain that was not yet reported to the root
     * @throws IllegalStateException if called by another thread than the one that started the clock, or on the
     *         global clock, which lasts as long as the JVM
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

        static {
            // Before the first domain opens: every domain records its clock's events (docs/events.md).
            Recorder.install(ScopeTree::render);
        }

        private final DomainOptions.Builder options = DomainOptions.builder();

        private Builder() {
        }

        /**
         * The virtual instant the clock starts at; default {@code 2000-01-01T00:00:00Z}.
         *
         * @param start what {@code Instant.now()} returns to members when the clock starts
         * @return this builder
         * @throws IllegalArgumentException if {@code start} is before the year -100000 or after the year 100000
         */
        public Builder startAt(Instant start) {
            options.start(start);
            return this;
        }

        /**
         * Whether the clock jumps to the next deadline when every member is durably blocked and no task handed
         * to a pool is waiting; default true. Without it only {@link VirtualClock#advance},
         * {@link VirtualClock#advanceTo} and {@link VirtualClock#runUntilIdle} move the clock.
         *
         * @param autoAdvance false to move the clock only by hand
         * @return this builder
         */
        public Builder autoAdvance(boolean autoAdvance) {
            options.autoAdvance(autoAdvance);
            return this;
        }

        /**
         * The domain's name in reports; default: derived from the root thread.
         *
         * @param name the name reports give the domain
         * @return this builder
         */
        public Builder name(String name) {
            options.name(name);
            return this;
        }

        /**
         * Real time a domain must stay blocked with nothing to fire before it is reported as a
         * deadlock (a thread outside the domain might still wake a member); default 1 s.
         *
         * @param grace real time, zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code grace} is negative or longer than about 292 years
         */
        public Builder deadlockGrace(Duration grace) {
            options.deadlockGrace(grace);
            return this;
        }

        /**
         * Real time to wait before each jump of the clock; default zero. For tests whose members wait
         * on threads outside the domain, so that their timeouts are not fast-forwarded.
         *
         * @param grace real time, zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code grace} is negative or longer than about 292 years
         */
        public Builder advanceGrace(Duration grace) {
            options.advanceGrace(grace);
            return this;
        }

        /**
         * How many times one timer that re-arms (a periodic task, a thread that keeps waiting) may fire during one
         * advance without the target being reached before it fails with {@link RunawayTimersError}; default
         * 100,000. One-shot timers of many threads do not add up toward it.
         *
         * @param limit the most firings of one re-arming timer in one advance; at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code limit} is less than 1
         */
        public Builder runawayLimit(int limit) {
            options.runawayLimit(limit);
            return this;
        }

        /**
         * Real time the clock may be held (members running, or waiting where timescope cannot see) while the root
         * waits for it, before a warning names what holds it, once; default 10 s.
         *
         * @param after real time, zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code after} is negative or longer than about 292 years
         */
        public Builder stallWarning(Duration after) {
            options.stallWarning(after);
            return this;
        }

        /**
         * For code that measures time by doing work (a loop that runs "for two seconds"): while any member runs,
         * the clock moves at the rate of real time; when all are blocked it still jumps. Default false: CPU work
         * takes no virtual time.
         *
         * @param realTimeWhileBusy true to let the clock follow real time while any member runs
         * @return this builder
         */
        public Builder realTimeWhileBusy(boolean realTimeWhileBusy) {
            options.realTimeWhileBusy(realTimeWhileBusy);
            return this;
        }

        /**
         * How far the clock moves when a member spinning ({@code Thread.onSpinWait}, {@code Thread.yield}) is the
         * only thing holding it and no deadline is pending; default 1 µs. Zero turns spinning detection off.
         *
         * @param tick virtual time, zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code tick} is negative or longer than about 292 years
         */
        public Builder spinTick(Duration tick) {
            options.spinTick(tick);
            return this;
        }

        /**
         * What {@link VirtualClock#close()} does about the threads and tasks the domain still owns; default
         * {@link LeakPolicy#FAIL}. Whatever the policy, they are interrupted or cancelled afterwards.
         *
         * @param policy fail, warn, or say nothing
         * @return this builder
         */
        public Builder onLeak(LeakPolicy policy) {
            options.leakPolicy(policy);
            return this;
        }

        /**
         * Starts the clock, rooted at the calling thread, with these settings. Close it on the same thread.
         *
         * @return the domain's clock
         * @throws IllegalStateException if the agent is not installed, the thread already belongs to a domain, or
         *         the JVM runs in global mode
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
