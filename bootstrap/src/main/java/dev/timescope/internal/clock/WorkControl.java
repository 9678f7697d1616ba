package dev.timescope.internal.clock;

import java.util.function.BooleanSupplier;

/**
 * What the core needs to do to a task of one kind of pool or scheduler, implemented by its instrumentation's
 * hooks. The core calls {@link #isDone} and {@link #describe} under the domain's lock, so they must be cheap
 * reads; {@link #release} and {@link #cancel} run outside every lock of the domain.
 */
public interface WorkControl {

    /**
     * The scheduled task's virtual time has come (it is work in flight from that instant): make its pool run it
     * now. Runs on timescope's dispatcher thread, a moment after the domain decided it, so the pool may have
     * taken the task by itself meanwhile (it is due): an implementation checks {@code stillDue} while it holds
     * the task where the pool cannot take it, and leaves the task as it is when that is false.
     *
     * @return false if the pool refused it (shut down): the work is then dropped
     */
    boolean release(Work work, BooleanSupplier stillDue);

    /** The domain closed with this task pending: stop it from running later, on a stale clock. */
    void cancel(Work work);

    /**
     * The domain closed with this periodic task scheduled. If it is its pool's background housekeeping (a pool of
     * daemon threads: a library's scheduler, started lazily by whichever test first used the library), it is
     * handed back to real time, its next run {@code remainingNanos} of real time away, and true returned: it is
     * no leak of the test. Otherwise nothing is done and false returned.
     */
    default boolean handBack(Work work, long remainingNanos) {
        return false;
    }

    /** Whether the task can no longer run any code of its own (cancelled, or completed by other means). */
    boolean isDone(Object task);

    /** What a report calls the task and its pool. */
    String describe(Object task, Object pool);
}
