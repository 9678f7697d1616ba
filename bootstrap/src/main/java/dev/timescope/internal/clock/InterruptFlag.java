package dev.timescope.internal.clock;

/**
 * The interrupt hook runs as {@code Thread.interrupt} begins, so that the member counts as runnable
 * from that instant (section 3.1); the flag itself is set a moment later by the JDK. A woken
 * member waits for it, so that it can clear it exactly as a real sleep would.
 */
final class InterruptFlag {

    /** Bounded: if the interrupting call failed after the hook (a SecurityException), give up. */
    private static final long MAX_WAIT_NANOS = 50_000_000L;

    private InterruptFlag() {
    }

    static void awaitVisible() {
        Thread self = Thread.currentThread();
        if (self.isInterrupted()) {
            return;
        }
        long start = System.nanoTime();
        while (!self.isInterrupted() && System.nanoTime() - start < MAX_WAIT_NANOS) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
