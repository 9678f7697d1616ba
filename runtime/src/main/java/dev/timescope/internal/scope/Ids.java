package dev.timescope.internal.scope;

import java.util.concurrent.atomic.AtomicLong;

/** One sequence for scope and task ids, so an id names exactly one node of the tree JFR will show. */
public final class Ids {

    private static final AtomicLong NEXT = new AtomicLong(1);

    private Ids() {
    }

    public static long next() {
        return NEXT.getAndIncrement();
    }
}
