package dev.timescope;

/**
 * Member threads were still alive when the domain's root closed it, under {@link LeakPolicy#FAIL}
 * (contract, section 4). The message tells the threads the root started itself from background
 * work started by other members, with where each was created.
 */
public class LeakedThreadsError extends VirtualTimeError {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error; timescope throws it with the report it has written.
     *
     * @param report the leak report, which becomes the message
     */
    public LeakedThreadsError(String report) {
        super(report);
    }
}
