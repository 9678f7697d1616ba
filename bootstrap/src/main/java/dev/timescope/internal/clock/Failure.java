package dev.timescope.internal.clock;

import dev.timescope.DeadlockError;
import dev.timescope.RunawayTimersError;
import dev.timescope.VirtualTimeError;
import java.util.function.Supplier;

/**
 * A failure of a domain waiting to be reported (contract, section 4). It is recorded under the domain's
 * lock; its text, which samples stacks and JMX, is built outside it by whoever receives it first.
 */
final class Failure {

    enum Kind { DEADLOCK, RUNAWAY }

    final Kind kind;
    private final Supplier<String> report;
    private String text; // guarded by this

    Failure(Kind kind, Supplier<String> report) {
        this.kind = kind;
        this.report = report;
    }

    synchronized String text() {
        if (text == null) {
            text = report.get();
        }
        return text;
    }

    /** A new error for the receiving thread to throw, so that its stack is the receiver's own. */
    VirtualTimeError toError() {
        return kind == Kind.DEADLOCK ? new DeadlockError(text()) : new RunawayTimersError(text());
    }
}
