package dev.timescope.internal.clock;

/**
 * The global clock with a positive rate (section 3.3): virtual time is the start plus the rate times the real time
 * since, and it may jump ahead on top of that (auto-advance). A reading costs one volatile read, one
 * {@code System.nanoTime()} and a multiplication.
 *
 * <p>Never backwards, without a compare-and-set on the read path: the rate never changes, and a jump takes its
 * real mark first, then starts the new segment no lower than one nanosecond past the old segment's reading at that
 * mark. From then on the new segment reads at least what the old one would have.
 */
final class RatedTimeLine extends TimeLine {

    private final Rate rate;
    private volatile LineSegment segment; // replaced under the domain's lock

    RatedTimeLine(Rate rate) {
        this(rate, System.nanoTime());
    }

    /** A clock at reading zero at real nanoTime {@code realStart}. */
    RatedTimeLine(Rate rate, long realStart) {
        this.rate = rate;
        this.segment = new LineSegment(0, realStart);
    }

    @Override
    long read() {
        LineSegment s = segment; // first: its mark is then never after the real time read next
        return at(s, System.nanoTime());
    }

    /** The reading at real nanoTime {@code realNow}. */
    long readAt(long realNow) {
        return at(segment, realNow);
    }

    private long at(LineSegment s, long realNow) {
        long real = realNow - s.mark;
        if (real <= 0) {
            return s.base;
        }
        long v = s.base + rate.scale(real);
        return v < s.base ? Long.MAX_VALUE : v; // saturates rather than wrap
    }

    @Override
    void jump(long to) {
        jumpAt(to, System.nanoTime());
    }

    /** {@link #jump}, at real nanoTime {@code mark}. */
    void jumpAt(long to, long mark) {
        LineSegment s = segment;
        long reading = at(s, mark);
        if (to > reading) {
            segment = new LineSegment(Math.max(to, reading == Long.MAX_VALUE ? reading : reading + 1), mark);
        }
    }

    @Override
    long realNanosUntil(long reading) {
        long ahead = reading - read();
        return ahead <= 0 ? 0 : rate.realNanosFor(ahead);
    }

    @Override
    boolean runsByItself() {
        return true;
    }
}
