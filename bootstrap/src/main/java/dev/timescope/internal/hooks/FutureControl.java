package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Work;
import dev.timescope.internal.clock.WorkControl;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The usual {@link WorkControl}: the task is a {@code Future} of the JDK's (a {@code FutureTask}, a fork/join task,
 * a scheduled task), queued as soon as it is submitted. Families override what differs.
 */
class FutureControl implements WorkControl {

    @Override
    public boolean release(Work work, java.util.function.BooleanSupplier stillDue) {
        return true; // queued at once, never scheduled
    }

    @Override
    public void cancel(Work work) {
        ((Future<?>) work.task()).cancel(false);
    }

    @Override
    public boolean isDone(Object task) {
        return ((Future<?>) task).isDone();
    }

    /** A task and its pool as reports name them, without calling code that takes locks (a pool's toString does). */
    @Override
    public String describe(Object task, Object pool) {
        String p = pool == ForkJoinPool.commonPool() ? "the common ForkJoinPool"
                : pool.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(pool));
        return "task " + task + " on " + p;
    }
}
