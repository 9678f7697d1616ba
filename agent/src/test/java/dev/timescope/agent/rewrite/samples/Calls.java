package dev.timescope.agent.rewrite.samples;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/** One of each call site the agent rewrites; {@link #run()} exercises them all. */
public class Calls {

    public static long run() throws InterruptedException {
        long t = System.nanoTime() + System.currentTimeMillis();
        Thread.sleep(0);
        Thread.sleep(0, 1);
        LongSupplier viaReference = System::nanoTime;
        t += viaReference.getAsLong();
        Thread other = new Thread(() -> { });
        other.start();
        other.join();
        other.join(1);
        other.join(1, 1);
        LockSupport.unpark(Thread.currentThread());
        LockSupport.park();
        LockSupport.parkNanos(1);
        LockSupport.parkNanos(Calls.class, 1);
        LockSupport.parkUntil(0);
        LockSupport.parkUntil(Calls.class, 0);
        return t;
    }
}
