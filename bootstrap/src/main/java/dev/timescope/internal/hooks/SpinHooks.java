package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.WakeOutcome;
import dev.timescope.internal.clock.WakeReason;

/**
 * The spinning instrumentation's hooks (contract, section 3.4): {@code Thread.onSpinWait()} and
 * {@code Thread.yield()} in application code. A member spinning while nothing else holds the clock counts
 * as durably blocked, so that a loop waiting for the clock to pass a deadline ends.
 */
public final class SpinHooks {

    private SpinHooks() {
    }

    public static void onSpinWait() {
        Member m = Domains.current();
        if (m != null) {
            spin(m);
        }
        Thread.onSpinWait();
    }

    public static void yield() {
        Member m = Domains.current();
        if (m != null) {
            spin(m);
        }
        Thread.yield();
    }

    private static void spin(Member m) {
        WakeOutcome outcome;
        try {
            outcome = m.domain().spinning(m);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("Thread.onSpinWait", e);
            return;
        }
        if (outcome != null && outcome.reason == WakeReason.FAILED) {
            throw Domain.failureOf(outcome); // the root spins: it is told here
        }
    }
}
