package dev.timescope.internal.clock;

/**
 * The arithmetic of a domain's clock, apart from its ledger: what it reads now, and how it moves. A domain's
 * clock stands still until the ledger makes it jump (section 3.1); a clock with busy members also runs at the rate
 * of real time while any member runs (section 3.5); the global clock runs at a fixed rate of real time, jumps on
 * top of it when it auto-advances, or stands when its rate is zero (sections 3.3 and 6). The ledger and the timer
 * queue are the same in every case; only this seam differs (as a cache's {@code Ticker} is the one thing a test
 * swaps).
 *
 * <p>Readings are virtual nanoseconds since the clock's start. They are lock-free and never go backwards: a reading
 * that happens after another is at least as large. Every other method is called under the domain's lock.
 */
abstract class TimeLine {

    /** A clock that only jumps: a domain's, and the global clock at rate zero. */
    static TimeLine fixed() {
        return new FixedTimeLine();
    }

    /** The clock of a domain with busy members: real time's rate while any member runs (section 3.5). */
    static TimeLine busy() {
        return new BusyClock(0);
    }

    /** A clock that runs at {@code rate} virtual nanoseconds per real one, from reading zero now (section 3.3). */
    static TimeLine rated(Rate rate) {
        return rate.isZero() ? new FixedTimeLine() : new RatedTimeLine(rate);
    }

    /** Virtual nanoseconds since the start, as a thread reads them now; lock-free. */
    abstract long read();

    /** Under the domain's lock: the clock moves forward to {@code to}; a target not ahead of it changes nothing. */
    abstract void jump(long to);

    /**
     * Under the domain's lock: the ledger changed, and {@code holding} says whether anything now holds the clock
     * (a runnable member, work in flight). Only a clock that runs with its members cares.
     */
    void ledgerChanged(boolean holding) {
    }

    /**
     * Real nanoseconds until the clock reads {@code reading} by itself, zero if it already does; -1 if that cannot be
     * told (it stands, or runs only while members do).
     */
    long realNanosUntil(long reading) {
        return -1;
    }

    /** Whether the clock may reach a deadline without a jump, so that someone must watch its timers. */
    abstract boolean runsByItself();
}
