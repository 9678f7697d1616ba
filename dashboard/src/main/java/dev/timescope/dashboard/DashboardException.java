package dev.timescope.dashboard;

/**
 * A problem with what the dashboard was given (a missing file, a file that is not a recording, a recording without
 * timescope's events, an unwritable output). Its message is one line that names the file or value and says what is
 * wrong; the command line prints it alone, without a stack trace.
 */
public final class DashboardException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the file or value and what is wrong with it
     */
    public DashboardException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message one line naming the file or value and what is wrong with it
     * @param cause what went wrong underneath
     */
    public DashboardException(String message, Throwable cause) {
        super(message, cause);
    }
}
