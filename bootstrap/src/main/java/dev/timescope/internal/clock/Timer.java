package dev.timescope.internal.clock;

/**
 * A pending virtual deadline owned by a domain (contract, section 1): a sleeping or timed-waiting
 * member, a controller's {@code advance} target, or (later) a scheduled task.
 *
 * <p>Timers due at the same instant fire in registration order; {@link #seq} records that order.
 * All fields are guarded by the owning {@link Domain}.
 */
abstract class Timer implements Comparable<Timer> {

    /** Virtual deadline, in nanoseconds since the domain started. */
    final long deadline;
    long seq;
    boolean cancelled;
    /** Held by the {@link TimerQueue}: added, and neither fired, cancelled nor cleared since. */
    boolean armed;

    Timer(long deadline) {
        this.deadline = deadline;
    }

    /** Earliest deadline first, then registration order (section 5): one inlined comparison on the hot path. */
    @Override
    public final int compareTo(Timer other) {
        if (deadline != other.deadline) {
            return deadline < other.deadline ? -1 : 1;
        }
        return Long.compare(seq, other.seq);
    }

    /** Runs under the domain's lock when virtual time reaches {@link #deadline}. */
    abstract void fire(Domain domain);

    /** What the runaway report names: the thread or task that keeps re-arming. */
    abstract Object owner();

    /** What the runaway guard counts firings against (section 4); null for what is no program work. */
    abstract Rearms rearms();

    /** Whether {@link Domain#pendingTimers()} counts it: a controller's own target is not program work. */
    boolean countsAsPending() {
        return true;
    }
}
