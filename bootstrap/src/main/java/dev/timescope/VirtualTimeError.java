package dev.timescope;

/**
 * The virtual world of a domain cannot go on: the base of {@link DeadlockError},
 * {@link RunawayTimersError} and {@link LeakedThreadsError}.
 *
 * <p>It is an {@link Error}, not an exception, on purpose: code under test often retries on
 * {@code catch (Exception e)}, and a deadlock report swallowed by a retry loop would become the
 * silent hang it exists to prevent. The message is the whole report.
 */
public class VirtualTimeError extends Error {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error; timescope throws it with the report it has written.
     *
     * @param report the report, which becomes the message
     */
    public VirtualTimeError(String report) {
        super(report);
    }
}
