package dev.timescope.internal.clock;

/**
 * How many threads a kind of pool has, read without a lock (it is read under the domain's). Work queued in a
 * pool whose threads are all busy with durably blocked work of the same domain waits for them, as it would in
 * real time, and so does not hold the clock (see {@link PoolLoad}).
 */
public interface PoolKind {

    /** The pool's live threads now; 0 when unknown (the queued work then always holds the clock). */
    int threads(Object pool);

    /** A pool of exactly one thread: a {@code java.util.Timer}'s, a scheduler's. */
    PoolKind SINGLE_THREAD = pool -> 1;
}
