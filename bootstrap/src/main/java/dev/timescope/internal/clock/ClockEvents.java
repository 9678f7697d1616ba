package dev.timescope.internal.clock;

/**
 * Where a domain tells what happened to its clock, for recording (the runtime records JFR events from it; see
 * docs/events.md). The core sits on the boot class path and must not name {@code jdk.jfr}, so it calls this
 * small interface through {@link ClockRecorder}: until the runtime installs an implementation, and whenever the
 * implementation finds its events disabled, a call costs a volatile read and an empty method.
 *
 * <p>Calls come from the thread that caused them, sometimes with the domain's lock held ({@link #advanced}): an
 * implementation must return quickly, take no {@code java.util.concurrent} lock and never call into a domain
 * but its readings.
 */
public interface ClockEvents {

    /**
     * A domain has opened, on its root thread.
     *
     * @param domain the new domain
     */
    default void opened(Domain domain) {
    }

    /**
     * A domain's clock moved forwards, with the domain's lock held.
     *
     * @param domain the domain
     * @param fromNanos the clock before, as virtual nanoseconds since the domain's start
     * @param toNanos the clock after, likewise
     * @param timersFired how many timers fired at {@code toNanos}
     * @param spin true when a spinning member moved the clock by one tick, false when a deadline was reached
     */
    default void advanced(Domain domain, long fromNanos, long toNanos, int timersFired, boolean spin) {
    }

    /**
     * The watchdog found a domain deadlocked (contract, section 4); called with the domain's lock held, before the
     * root is told, so that what the recorder looks at still stands as the report says.
     *
     * @param domain the domain
     * @param report the report the root throws
     */
    default void deadlocked(Domain domain, String report) {
    }

    /**
     * A domain has closed, on its root thread, outside the domain's lock.
     *
     * @param domain the domain
     */
    default void closed(Domain domain) {
    }
}
