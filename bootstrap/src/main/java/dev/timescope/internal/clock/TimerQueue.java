package dev.timescope.internal.clock;

import java.util.PriorityQueue;

/**
 * The timers of one domain, earliest first and FIFO among equal deadlines (contract, section 3.1).
 *
 * <p>Cancelled timers are dropped lazily when they reach the head, so cancelling is O(1); the
 * live count is kept exact. Not thread-safe: guarded by the owning {@link Domain}.
 */
final class TimerQueue {

    /** Ordered by {@link Timer#compareTo}: deadline, then registration order. */
    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    private long nextSeq;
    private int live;
    private int livePending;

    void add(Timer timer) {
        timer.seq = nextSeq++;
        heap.add(timer);
        live++;
        if (timer.countsAsPending()) {
            livePending++;
        }
    }

    void cancel(Timer timer) {
        if (!timer.cancelled) {
            timer.cancelled = true;
            uncount(timer);
        }
    }

    private void uncount(Timer timer) {
        live--;
        if (timer.countsAsPending()) {
            livePending--;
        }
    }

    /** The earliest live timer, or null. */
    Timer peek() {
        Timer head;
        while ((head = heap.peek()) != null && head.cancelled) {
            heap.poll();
        }
        return head;
    }

    /** Removes and returns the earliest live timer if it is due at {@code instant}, else null. */
    Timer pollDueAt(long instant) {
        Timer head = peek();
        if (head == null || head.deadline != instant) {
            return null;
        }
        heap.poll();
        head.cancelled = true; // retired: a later cancel() of a fired timer must not count it again
        uncount(head);
        return head;
    }

    boolean isEmpty() {
        return live == 0;
    }

    /** Live timers that are program work (sleeps, timed waits, scheduled tasks). */
    int pendingCount() {
        return livePending;
    }

    void clear() {
        heap.clear();
        live = 0;
        livePending = 0;
    }
}
