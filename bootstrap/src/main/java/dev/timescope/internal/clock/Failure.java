package dev.timescope.internal.clock;

import dev.timescope.DeadlockError;
import dev.timescope.RunawayTimersError;
import dev.timescope.VirtualTimeError;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * A failure of a domain waiting to be reported (contract, section 4). It is recorded under the domain's
 * lock; its text, which samples stacks and JMX, is built outside it by whoever receives it first.
 *
 * <p>Its report reaches the user once: in the error a woken thread throws, or, when no thread could be told
 * (see {@link #printUnlessThrown()}), printed; a thread that throws it after that gets a short error pointing
 * to the printed report instead of a second copy.
 */
final class Failure {

    enum Kind { DEADLOCK, RUNAWAY }

    final Kind kind;
    private final Supplier<String> report;
    private String text; // guarded by this
    private boolean thrown; // guarded by this
    private boolean printed; // guarded by this

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
        String message;
        synchronized (this) {
            thrown = true;
            message = printed ? headline() + "\nIts report was printed when it was found: no thread waiting on the"
                    + " virtual clock could be told then (the root was blocked outside virtual time, entering a"
                    + " monitor)." : text();
        }
        return kind == Kind.DEADLOCK ? new DeadlockError(message) : new RunawayTimersError(message);
    }

    /**
     * Prints the report through {@link System.Logger}, once, unless a thread has already thrown it: for a failure
     * found while no thread waits on the clock (the root is BLOCKED entering a monitor), which nobody may ever
     * throw. Called with no domain lock held; the text of such a failure is already built.
     */
    synchronized void printUnlessThrown() {
        if (!thrown && !printed) {
            printed = true;
            System.getLogger("dev.timescope").log(Level.ERROR, text());
        }
    }

    private String headline() {
        String t = text();
        int eol = t.indexOf('\n');
        return eol < 0 ? t : t.substring(0, eol);
    }
}
