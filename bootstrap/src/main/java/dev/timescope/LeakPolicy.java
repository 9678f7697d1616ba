package dev.timescope;

/**
 * What closing a virtual-time domain does with member threads that are still alive (contract,
 * section 4, "Leak"). Every policy interrupts them afterwards; they then run in real time.
 */
public enum LeakPolicy {
    /** Report them and fail: {@code close()} throws {@link LeakedThreadsError}. The default. */
    FAIL,
    /** Report them as a warning through {@link System.Logger}. */
    WARN,
    /** Say nothing. */
    IGNORE
}
