package dev.timescope.internal.clock;

import java.util.Arrays;

/**
 * The timers of one domain, earliest first and FIFO among equal deadlines (contract, section 3.1).
 *
 * <p>A binary heap whose order keys (deadline, then registration sequence) sit in two {@code long} arrays beside
 * the timers: ordering the heap reads neither a timer nor a comparator, so firing the next instant of 10,000
 * waiting members touches a few cache lines of keys rather than a timer object per level.
 *
 * <p>Cancelled timers are dropped lazily when they reach the head, so cancelling is O(1); the live count is
 * kept exact, and once cancelled timers outnumber live ones the heap is rebuilt without them, so that a workload
 * that cancels most of what it arms does not grow it without bound. Not thread-safe: guarded by the owning
 * {@link Domain}.
 */
final class TimerQueue {

    private static final int INITIAL_CAPACITY = 64;
    /** Below this size a heap full of cancelled timers is left alone: their removal at the head is cheap. */
    private static final int COMPACT_AT = 256;

    private Timer[] timers = new Timer[INITIAL_CAPACITY];
    private long[] deadlines = new long[INITIAL_CAPACITY];
    private long[] seqs = new long[INITIAL_CAPACITY];
    private int size;
    private long nextSeq;
    private int live;
    private int livePending;

    void add(Timer timer) {
        timer.seq = nextSeq++;
        if (size == timers.length) {
            grow();
        }
        siftUp(size++, timer, timer.deadline, timer.seq);
        live++;
        if (timer.countsAsPending()) {
            livePending++;
        }
    }

    void cancel(Timer timer) {
        if (!timer.cancelled) {
            timer.cancelled = true;
            uncount(timer);
            if (size >= COMPACT_AT && size > 2 * live) {
                compact();
            }
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
        while (size > 0 && (head = timers[0]).cancelled) {
            removeHead();
        }
        return size == 0 ? null : timers[0];
    }

    /** Removes and returns the earliest live timer if it is due at {@code instant}, else null. */
    Timer pollDueAt(long instant) {
        Timer head = peek();
        if (head == null || deadlines[0] != instant) {
            return null;
        }
        removeHead();
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

    /** Timers held, cancelled ones not yet dropped included. */
    int heapSize() {
        return size;
    }

    void clear() {
        Arrays.fill(timers, 0, size, null);
        size = 0;
        live = 0;
        livePending = 0;
    }

    private void removeHead() {
        int last = --size;
        Timer moved = timers[last];
        long deadline = deadlines[last];
        long seq = seqs[last];
        timers[last] = null;
        if (last > 0) {
            siftDown(0, moved, deadline, seq);
        }
    }

    /** Drops every cancelled timer and restores the heap order (Floyd's bottom-up build). */
    private void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Timer t = timers[i];
            if (!t.cancelled) {
                timers[kept] = t;
                deadlines[kept] = deadlines[i];
                seqs[kept] = seqs[i];
                kept++;
            }
        }
        Arrays.fill(timers, kept, size, null);
        size = kept;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, timers[i], deadlines[i], seqs[i]);
        }
    }

    private void grow() {
        int capacity = timers.length * 2;
        timers = Arrays.copyOf(timers, capacity);
        deadlines = Arrays.copyOf(deadlines, capacity);
        seqs = Arrays.copyOf(seqs, capacity);
    }

    private static boolean before(long deadline, long seq, long otherDeadline, long otherSeq) {
        return deadline < otherDeadline || deadline == otherDeadline && seq < otherSeq;
    }

    private void siftUp(int k, Timer timer, long deadline, long seq) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!before(deadline, seq, deadlines[parent], seqs[parent])) {
                break;
            }
            put(k, timers[parent], deadlines[parent], seqs[parent]);
            k = parent;
        }
        put(k, timer, deadline, seq);
    }

    private void siftDown(int k, Timer timer, long deadline, long seq) {
        int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < size && before(deadlines[right], seqs[right], deadlines[child], seqs[child])) {
                child = right;
            }
            if (!before(deadlines[child], seqs[child], deadline, seq)) {
                break;
            }
            put(k, timers[child], deadlines[child], seqs[child]);
            k = child;
        }
        put(k, timer, deadline, seq);
    }

    private void put(int k, Timer timer, long deadline, long seq) {
        timers[k] = timer;
        deadlines[k] = deadline;
        seqs[k] = seq;
    }
}
