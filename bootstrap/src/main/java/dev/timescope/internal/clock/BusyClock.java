package dev.timescope.internal.clock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock of a domain with the busy-members option (contract, section 3.5): while any member is runnable,
 * virtual time moves at the rate of real time; when all are blocked it stands, and jumps as usual. Readings
 * are lock-free and never go backwards, even across threads that read a state just replaced.
 */
final class BusyClock extends TimeLine {

    /** A negative mark means standing still. */
    private volatile LineSegment state;
    private final AtomicLong highest = new AtomicLong();

    BusyClock(long start) {
        this.state = new LineSegment(start, -1);
    }

    /** Virtual nanoseconds since the domain started, as a member reads them now. */
    @Override
    long read() {
        LineSegment s = state;
        long v = s.mark < 0 ? s.base : s.base + (System.nanoTime() - s.mark);
        long seen = highest.get();
        while (v > seen) {
            if (highest.compareAndSet(seen, v)) {
                return v;
            }
            seen = highest.get();
        }
        return seen;
    }

    /** Under the domain's lock: the reading now, from which the clock runs (or stands) from here on. */
    long fold(boolean running) {
        long v = read();
        state = new LineSegment(v, running ? System.nanoTime() : -1);
        return v;
    }

    @Override
    void ledgerChanged(boolean holding) {
        fold(holding);
    }

    @Override
    boolean runsByItself() {
        return true;
    }

    /** Under the domain's lock: the clock jumps forward to {@code to}, keeping whether it runs. */
    @Override
    void jump(long to) {
        LineSegment s = state;
        if (to > read()) {
            state = new LineSegment(to, s.mark < 0 ? -1 : System.nanoTime());
            highest.accumulateAndGet(to, Math::max);
        }
    }
}
