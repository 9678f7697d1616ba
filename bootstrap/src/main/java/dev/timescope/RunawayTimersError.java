package dev.timescope;

/**
 * One advance of the clock fired more timers than the runaway limit without reaching its target
 * (contract, section 4): typically a periodic timer far shorter than the jump. The message names
 * the busiest timer and where it was scheduled.
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
