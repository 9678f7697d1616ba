package dev.timescope;

import dev.timescope.internal.hooks.TimeHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * aiotools' {@code create_timer}: a periodic timer that runs each tick as a task of its own {@link TaskScope}.
 * Fork it in a scope, and stop it by cancelling that task:
 *
 * <pre>{@code
 * try (TaskScope scope = TaskScope.open()) {
 *     Task<Void> heartbeat = scope.fork("heartbeat", PeriodicTimer.every(Duration.ofSeconds(1), tick -> ping()));
 *     ...
 *     Cancellation.cancelAndWait(heartbeat);     // stops the timer and every tick still running
 * }
 * }</pre>
 *
 * <ul>
 *   <li>The first tick fires at once, then one every {@code interval}, on a fixed rate (a tick slot missed
 *       because the timer's thread was late is skipped, not fired in a burst).</li>
 *   <li>A failing tick is logged by the timer's scope and does not stop the timer.</li>
 *   <li>{@link DelayPolicy#DEFAULT} lets slow ticks overlap; {@link DelayPolicy#CANCEL} cancels the previous
 *       tick (and waits for it) before the next one starts.</li>
 *   <li>Cancelling the timer cancels the ticks still running and waits for them.</li>
 * </ul>
 * Under a virtual clock the interval is virtual: a 0.1 s timer left to run 0.22 s ticks exactly 3 times.
 */
public final class PeriodicTimer implements Callable<Void> {

    /** What happens when a tick is still running when the next one is due. */
    public enum DelayPolicy {
        /** Let them overlap. */
        DEFAULT,
        /** Cancel the previous tick, and wait for it, before starting the next. */
        CANCEL
    }

    /** The work of one tick. */
    @FunctionalInterface
    public interface Tick {
        /**
         * Does the work of one tick, in a task of the timer's scope.
         *
         * @param index the tick's slot: 0 for the first tick, then 1, 2, ... (a slot skipped by a late timer
         *        leaves a gap)
         * @throws Exception if the tick fails; the failure is logged and the timer goes on
         */
        void run(long index) throws Exception;
    }

    private static final System.Logger LOG = System.getLogger("dev.timescope");

    private final Duration interval;
    private final long intervalNanos;
    private final DelayPolicy policy;
    private final Tick tick;

    private PeriodicTimer(Duration interval, DelayPolicy policy, Tick tick) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.interval = interval;
        this.intervalNanos = interval.toNanos();
        this.policy = Objects.requireNonNull(policy, "policy");
        this.tick = Objects.requireNonNull(tick, "tick");
    }

    /**
     * A timer with {@link DelayPolicy#DEFAULT}: slow ticks overlap.
     *
     * @param interval the period between tick slots; must be positive
     * @param tick the work of each tick
     * @return the timer, to be forked in a scope
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public static PeriodicTimer every(Duration interval, Tick tick) {
        return new PeriodicTimer(interval, DelayPolicy.DEFAULT, tick);
    }

    /**
     * A timer with the given policy for a tick still running when the next one is due.
     *
     * @param interval the period between tick slots; must be positive
     * @param policy whether slow ticks overlap or are cancelled
     * @param tick the work of each tick
     * @return the timer, to be forked in a scope
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public static PeriodicTimer every(Duration interval, DelayPolicy policy, Tick tick) {
        return new PeriodicTimer(interval, policy, tick);
    }

    /**
     * The period between tick slots.
     *
     * @return the interval given to {@code every}
     */
    public Duration interval() {
        return interval;
    }

    /**
     * What happens to a tick still running when the next one is due.
     *
     * @return the policy given to {@code every}, or {@link DelayPolicy#DEFAULT}
     */
    public DelayPolicy policy() {
        return policy;
    }

    /**
     * Runs the timer on the calling thread until it is interrupted (cancelled); never returns normally.
     *
     * @return never
     * @throws InterruptedException once the calling thread is interrupted, which is how cancelling the timer's
     *         task stops it; the ticks still running have then been cancelled and waited for
     */
    @Override
    public Void call() throws Exception {
        TaskScope.builder().name("timer").run(scope -> {
            List<Task<Void>> inFlight = new ArrayList<>();
            long start = TimeHooks.nanoTime();
            for (long index = 0; ; ) {
                if (policy == DelayPolicy.CANCEL) {
                    try {
                        Cancellation.cancelAndWait(inFlight);
                    } catch (RuntimeException e) {
                        // A tick that failed while being cancelled was already logged by the scope's handler.
                        LOG.log(System.Logger.Level.DEBUG, "a cancelled tick did not stop cleanly", e);
                    }
                    inFlight.clear();
                } else {
                    inFlight.removeIf(Task::isDone);
                }
                long i = index;
                inFlight.add(scope.fork("tick-" + i, () -> {
                    tick.run(i);
                    return null;
                }));
                // Fixed rate: the next slot after now, so a late timer skips slots instead of bursting.
                long elapsed = TimeHooks.nanoTime() - start;
                index = Math.max(index + 1, elapsed / intervalNanos + 1);
                long wait = start + index * intervalNanos - TimeHooks.nanoTime();
                if (wait > 0) {
                    TimeHooks.sleepNanos(wait);
                } else if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        });
        throw new AssertionError("unreachable: the timer loop only ends by an exception");
    }

    @Override
    public String toString() {
        return "PeriodicTimer[every " + interval + ", " + policy + "]";
    }
}
