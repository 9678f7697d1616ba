package dev.timescope.internal.clock;

import java.util.Arrays;

/**
 * The timers of one domain, earliest first and FIFO among equal deadlines (contract, section 3.1).
 *
 * <p>Timers are kept by instant: all timers due at one deadline sit in one {@link Instant}, in registration order,
 * and a binary heap orders the instants. A new timer finds its instant by a scan of the heap's keys while there
 * are a few instants, by a hash table from deadline to instant beyond that.
 * Firing an instant of 10,000 waiting members therefore reorders the heap once, not once per timer, and arming a
 * timer at an instant that already has one is a table lookup and an append. The heap's order keys sit in a
 * {@code long} array beside the instants, so ordering it reads no instant object.
 *
 * <p>Cancelling is O(1): the timer is marked and skipped when its instant fires, and an instant whose timers are
 * all cancelled leaves the heap at once. The live count is kept exact, and once cancelled timers outnumber live
 * ones every instant is compacted, so that a workload that cancels most of what it arms does not grow without
 * bound. Not thread-safe: guarded by the owning {@link Domain}.
 */
final class TimerQueue {

    private static final int INITIAL_CAPACITY = 64;
    /** Below this many held timers, cancelled ones are left alone: skipping them as their instant fires is cheap. */
    private static final int COMPACT_AT = 256;
    /** Emptied instants kept for reuse, with their arrays, so that a steady workload allocates none. */
    private static final int SPARE_INSTANTS = 64;

    /** The timers due at one deadline, in registration order; those before {@link #head} are gone. */
    private static final class Instant {
        long deadline;
        Timer[] timers = new Timer[4];
        int head;
        int size;
        /** Timers in {@code [head, size)} not cancelled. */
        int live;
        /** Its index in the heap. */
        int heapIndex;
        Instant nextSpare;
    }

    // The heap of instants, earliest first.
    private Instant[] heap = new Instant[INITIAL_CAPACITY];
    private long[] keys = new long[INITIAL_CAPACITY];
    private int count;

    /** Up to this many instants, a new timer finds its instant by a scan of the heap's keys, with no table. */
    private static final int SCAN_UP_TO = 8;

    // Deadline -> instant, used once there are more than SCAN_UP_TO instants and until there are none (it is empty
    // then): open addressing, linear probing, deletion by backward shift; a null value is an empty slot.
    private boolean tableInUse;
    private long[] tableKeys = new long[INITIAL_CAPACITY];
    private Instant[] tableValues = new Instant[INITIAL_CAPACITY];

    private Instant spares;
    private int spareCount;

    private long nextSeq;
    /** Timers held in instants, cancelled ones not yet dropped included. */
    private int held;
    private int live;
    private int livePending;

    void add(Timer timer) {
        timer.seq = nextSeq++;
        timer.armed = true;
        Instant at = find(timer.deadline);
        if (at == null) {
            at = newInstant(timer.deadline);
        }
        if (at.size == at.timers.length) {
            at.timers = Arrays.copyOf(at.timers, at.size * 2);
        }
        at.timers[at.size++] = timer;
        at.live++;
        held++;
        live++;
        if (timer.countsAsPending()) {
            livePending++;
        }
    }

    void cancel(Timer timer) {
        if (timer.cancelled) {
            return;
        }
        timer.cancelled = true;
        if (!timer.armed) {
            return; // never added, or the queue was cleared since
        }
        timer.armed = false;
        uncount(timer);
        Instant at = find(timer.deadline);
        if (--at.live == 0) {
            remove(at);
        } else if (held >= COMPACT_AT && held > 2 * live) {
            compact();
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
        if (count == 0) {
            return null;
        }
        Instant first = heap[0];
        Timer t;
        while ((t = first.timers[first.head]).cancelled) { // an instant in the heap has a live timer
            first.timers[first.head++] = null;
            held--;
        }
        return t;
    }

    /** Removes and returns the earliest live timer if it is due at {@code instant}, else null. */
    Timer pollDueAt(long instant) {
        Timer head = peek();
        if (head == null || keys[0] != instant) {
            return null;
        }
        Instant first = heap[0];
        first.timers[first.head++] = null;
        held--;
        head.cancelled = true; // retired: a later cancel() of a fired timer must not count it again
        head.armed = false;
        uncount(head);
        if (--first.live == 0) {
            remove(first);
        }
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
        return held;
    }

    void clear() {
        for (int i = 0; i < count; i++) {
            Instant at = heap[i];
            for (int k = at.head; k < at.size; k++) {
                at.timers[k].armed = false;
            }
            heap[i] = null;
        }
        Arrays.fill(tableValues, null);
        tableInUse = false;
        count = 0;
        held = 0;
        live = 0;
        livePending = 0;
    }

    // ---------------------------------------------------------------- instants

    private Instant newInstant(long deadline) {
        Instant at = spares;
        if (at != null) {
            spares = at.nextSpare;
            at.nextSpare = null;
            spareCount--;
        } else {
            at = new Instant();
        }
        at.deadline = deadline;
        if (tableInUse) {
            put(at);
        } else if (count == SCAN_UP_TO) {
            tableInUse = true;
            for (int i = 0; i < count; i++) {
                put(heap[i]);
            }
            put(at);
        }
        if (count == heap.length) {
            heap = Arrays.copyOf(heap, count * 2);
            keys = Arrays.copyOf(keys, count * 2);
        }
        siftUp(count++, at, deadline);
        return at;
    }

    /** Takes an instant out of the heap and the table; what it still holds is cancelled. */
    private void remove(Instant at) {
        int last = --count;
        int k = at.heapIndex;
        Instant moved = heap[last];
        long key = keys[last];
        heap[last] = null;
        if (k != last) {
            siftDown(k, moved, key);
            if (heap[k] == moved) {
                siftUp(k, moved, key);
            }
        }
        if (tableInUse) {
            delete(at.deadline);
            tableInUse = count > 0; // the table is empty when no instant is left
        }
        held -= at.size - at.head;
        if (spareCount < SPARE_INSTANTS && at.timers.length <= 1024) {
            Arrays.fill(at.timers, at.head, at.size, null);
            at.head = 0;
            at.size = 0;
            at.nextSpare = spares;
            spares = at;
            spareCount++;
        }
    }

    /** Drops every cancelled timer from every instant. */
    private void compact() {
        for (int i = 0; i < count; i++) {
            Instant at = heap[i];
            int kept = 0;
            for (int k = at.head; k < at.size; k++) {
                Timer t = at.timers[k];
                if (!t.cancelled) {
                    at.timers[kept++] = t;
                }
            }
            Arrays.fill(at.timers, kept, at.size, null);
            at.head = 0;
            at.size = kept;
        }
        held = live;
    }

    private void siftUp(int k, Instant at, long key) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            set(k, heap[parent], keys[parent]);
            k = parent;
        }
        set(k, at, key);
    }

    private void siftDown(int k, Instant at, long key) {
        int half = count >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < count && keys[right] < keys[child]) {
                child = right;
            }
            if (keys[child] >= key) {
                break;
            }
            set(k, heap[child], keys[child]);
            k = child;
        }
        set(k, at, key);
    }

    private void set(int k, Instant at, long key) {
        heap[k] = at;
        keys[k] = key;
        at.heapIndex = k;
    }

    // ---------------------------------------------------------------- deadline -> instant

    private static int hash(long deadline, int mask) {
        long h = deadline * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private Instant find(long deadline) {
        if (!tableInUse) {
            for (int i = 0; i < count; i++) {
                if (keys[i] == deadline) {
                    return heap[i];
                }
            }
            return null;
        }
        int mask = tableValues.length - 1;
        for (int i = hash(deadline, mask); ; i = (i + 1) & mask) {
            Instant at = tableValues[i];
            if (at == null || tableKeys[i] == deadline) {
                return at;
            }
        }
    }

    private void put(Instant at) {
        if (2 * (count + 1) > tableValues.length) {
            Instant[] oldValues = tableValues;
            long[] oldKeys = tableKeys;
            tableValues = new Instant[oldValues.length * 2];
            tableKeys = new long[oldValues.length * 2];
            for (int i = 0; i < oldValues.length; i++) {
                if (oldValues[i] != null) {
                    insert(oldKeys[i], oldValues[i]);
                }
            }
        }
        insert(at.deadline, at);
    }

    private void insert(long deadline, Instant at) {
        int mask = tableValues.length - 1;
        int i = hash(deadline, mask);
        while (tableValues[i] != null) {
            i = (i + 1) & mask;
        }
        tableKeys[i] = deadline;
        tableValues[i] = at;
    }

    private void delete(long deadline) {
        int mask = tableValues.length - 1;
        int i = hash(deadline, mask);
        while (tableKeys[i] != deadline || tableValues[i] == null) {
            i = (i + 1) & mask;
        }
        tableValues[i] = null;
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        for (int j = (i + 1) & mask; tableValues[j] != null; j = (j + 1) & mask) {
            int home = hash(tableKeys[j], mask);
            boolean movable = i <= j ? home <= i || home > j : home <= i && home > j;
            if (movable) {
                tableKeys[i] = tableKeys[j];
                tableValues[i] = tableValues[j];
                tableValues[j] = null;
                i = j;
            }
        }
    }
}
