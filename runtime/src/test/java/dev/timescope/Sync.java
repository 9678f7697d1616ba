package dev.timescope;

import java.util.concurrent.CountDownLatch;

/** Handshakes for ordering threads in tests: no sleeps, no real-time assertions. */
final class Sync {

    private Sync() {
    }

    /** Waits for {@code latch}, ignoring interrupts (for code that must not be cut short), then restores them. */
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Spins until {@code thread} is blocked waiting (parked), i.e. it has reached the wait under test. */
    static void awaitWaiting(Thread thread) {
        while (true) {
            Thread.State s = thread.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            if (s == Thread.State.TERMINATED) {
                throw new AssertionError(thread.getName() + " terminated instead of waiting");
            }
            Thread.onSpinWait();
        }
    }

    /** Blocks until interrupted; for tasks that only end by cancellation. */
    static <T> T blockUntilCancelled() throws InterruptedException {
        new CountDownLatch(1).await();
        throw new AssertionError("unreachable");
    }
}
