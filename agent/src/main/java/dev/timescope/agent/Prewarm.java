package dev.timescope.agent;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Never rewritten or run for its effect: its class file holds one of each kind of call site, so that
 * rewriting it once, as the first domain opens, loads every ASM class the transformer needs.
 */
final class Prewarm {

    private Prewarm() {
    }

    static void touch() {
        // loaded and initialized, nothing else
    }

    /** A subclass, so that the hierarchy lookup is loaded too. */
    private static final class Worker extends Thread {
    }

    @SuppressWarnings("unused")
    private static void samples(Thread t, Worker w) throws InterruptedException {
        w.join();
        LongSupplier clock = System::nanoTime;
        long now = System.currentTimeMillis() + clock.getAsLong();
        Thread.sleep(now < 0 ? 1 : 0);
        t.join(1);
        LockSupport.parkNanos(1);
        LockSupport.unpark(t);
    }
}
