package dev.timescope;

/**
 * Every member of a domain was durably blocked with no timer pending, and still was after the
 * deadlock grace period of real time (contract, section 4). The message lists every member: its
 * state, what it waits on, and its stack.
 */
public class DeadlockError extends VirtualTimeError {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error; timescope throws it with the report it has written.
     *
     * @param report the deadlock report, which becomes the message
     */
    public DeadlockError(String report) {
        super(report);
    }
}
