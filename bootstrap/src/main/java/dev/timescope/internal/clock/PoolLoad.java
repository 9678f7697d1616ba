package dev.timescope.internal.clock;

/**
 * What one domain has in one pool: work queued there and the pool's threads attached to the domain that are
 * durably blocked. Guarded by the domain.
 *
 * <p>Queued work counts as runnable (contract, section 1: the clock never moves while it waits in a queue),
 * except when every thread of its pool runs work of this domain that is itself durably blocked: then the
 * queued work cannot start before the clock moves, exactly like a member BLOCKED behind a monitor whose owner
 * is durably blocked (section 3.1). A single-thread executor whose task sleeps, with a second task queued
 * behind it, is the everyday case.
 */
final class PoolLoad {

    final Object pool;
    final PoolKind kind;
    int queued;
    int waitingWorkers;
    /** Live works and attached workers that count here: the load is forgotten when none is left. */
    int refs;

    PoolLoad(Object pool, PoolKind kind) {
        this.pool = pool;
        this.kind = kind;
    }

    /** Queued work that cannot start until the clock moves. */
    int blockedQueued() {
        if (queued == 0 || waitingWorkers == 0) {
            return 0;
        }
        int threads;
        try {
            threads = kind.threads(pool);
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
        return threads > 0 && waitingWorkers >= threads ? queued : 0;
    }
}
