package dev.timescope;

/**
 * During one advance of the clock, one timer that re-arms fired more times than the runaway limit without the
 * target being reached (contract, section 4): typically a periodic timer far shorter than the jump, or a thread
 * that keeps waiting. The message names the busiest timer and where it was scheduled or waits.
 */
public class RunawayTimersError extends VirtualTimeError {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error; timescope throws it with the report it has written.
     *
     * @param report the runaway report, which becomes the message
     */
    public RunawayTimersError(String report) {
        super(report);
    }
}
