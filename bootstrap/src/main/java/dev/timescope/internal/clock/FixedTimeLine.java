package dev.timescope.internal.clock;

/** A clock that stands still between jumps (section 3.1): a domain's, and the frozen global clock's. */
final class FixedTimeLine extends TimeLine {

    private volatile long now; // written under the domain's lock

    @Override
    long read() {
        return now;
    }

    @Override
    void jump(long to) {
        if (to > now) {
            now = to;
        }
    }

    @Override
    boolean runsByItself() {
        return false;
    }
}
