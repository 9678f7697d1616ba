package dev.timescope;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * asyncio's {@code timeout} and {@code timeout_at}: run a block with a deadline. At the deadline the block's
 * thread is interrupted (and any task it forked in scopes it opened inside is cancelled through them), and
 * {@link ScopeTimeoutException} comes out. Under a virtual clock the deadline is virtual.
 */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * Runs {@code body} on the calling thread, interrupting it after {@code timeout}.
     *
     * @param <T> the type of the body's result
     * @param timeout how long {@code body} may run; zero or more
     * @param body the code to run
     * @return what {@code body} returned before the timeout
     * @throws Exception what {@code body} threw for another reason than the timeout
     * @throws ScopeTimeoutException if the timeout expired; what the body threw because of it is the cause
     */
    public static <T> T timeout(Duration timeout, Callable<? extends T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        return TaskScope.builder().name("timeout").timeout(timeout).call(scope -> body.call());
    }

    /**
     * Runs {@code body}, interrupting it at {@code deadline} on the wall clock (the virtual one for members of
     * a domain). A deadline already past interrupts at once.
     *
     * @param <T> the type of the body's result
     * @param deadline the instant at which {@code body} is interrupted
     * @param body the code to run
     * @return what {@code body} returned before the deadline
     * @throws Exception what {@code body} threw for another reason than the deadline
     * @throws ScopeTimeoutException if the deadline passed; what the body threw because of it is the cause
     */
    public static <T> T timeoutAt(Instant deadline, Callable<? extends T> body) throws Exception {
        Objects.requireNonNull(deadline, "deadline");
        return timeout(untilDeadline(deadline), body);
    }

    private static Duration untilDeadline(Instant deadline) {
        // Runtime code is not rewritten by the agent: ask the domain's clock itself, else the real one.
        Instant now = VirtualClock.current().map(VirtualClock::instant).orElseGet(Instant::now);
        Duration left = Duration.between(now, deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
