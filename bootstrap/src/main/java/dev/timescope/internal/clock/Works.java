package dev.timescope.internal.clock;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which task carries which domain: the registry the run hooks consult. Keys are task identities, never
 * {@code equals} (a record or a value class can be a Runnable). Outside every domain, and while no work is in
 * flight anywhere, a lookup costs one volatile read.
 */
public final class Works {

    private static final ConcurrentHashMap<IdentityKey, Work> BY_TASK = new ConcurrentHashMap<>();
    private static final AtomicInteger LIVE = new AtomicInteger();

    private Works() {
    }

    /** True while no work is in flight in any domain: run hooks can skip the lookup. */
    public static boolean isEmpty() {
        return LIVE.get() == 0;
    }

    /** The work in flight {@code task} carries, preferring one that is queued; null if none. */
    public static Work of(Object task) {
        if (task == null || LIVE.get() == 0) {
            return null;
        }
        Work first = BY_TASK.get(new IdentityKey(task));
        if (first == null || first.next == null) {
            return first;
        }
        for (Work w = first; w != null; w = w.next) {
            if (w.queued > 0) { // racy read: only chooses among domains sharing one task object
                return w;
            }
        }
        return first;
    }

    /** The work of {@code domain} for {@code task}, or null. */
    static Work of(Object task, Domain domain) {
        if (LIVE.get() == 0) {
            return null;
        }
        for (Work w = BY_TASK.get(new IdentityKey(task)); w != null; w = w.next) {
            if (w.domain == domain) {
                return w;
            }
        }
        return null;
    }

    static void add(Work work) {
        LIVE.incrementAndGet();
        BY_TASK.compute(new IdentityKey(work.task), (k, first) -> {
            if (first == null) {
                return work;
            }
            Work last = first;
            while (last.next != null) {
                last = last.next;
            }
            last.next = work;
            return first;
        });
    }

    static void remove(Work work) {
        BY_TASK.computeIfPresent(new IdentityKey(work.task), (k, first) -> {
            if (first == work) {
                return first.next;
            }
            for (Work w = first; w.next != null; w = w.next) {
                if (w.next == work) {
                    w.next = work.next;
                    break;
                }
            }
            return first;
        });
        LIVE.decrementAndGet();
    }
}
