package dev.timescope.internal.clock;

/**
 * A piece of a time line that moves with real time: virtual nanoseconds {@code base} at real nanoTime {@code mark}.
 * Immutable, so a reader that loaded it sees both values of one segment.
 */
final class LineSegment {

    final long base;
    /** The real nanoTime at {@link #base}; a line may give a negative mark a meaning of its own. */
    final long mark;

    LineSegment(long base, long mark) {
        this.base = base;
        this.mark = mark;
    }
}
