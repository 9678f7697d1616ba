package dev.timescope.it;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/** A thread that signals a condition once a sleep is over: started by a member, it is a member too. */
public final class Signaller {

    private Signaller() {
    }

    /** Starts a thread that sleeps {@code after}, then signals {@code condition} holding {@code lock}. */
    public static Thread signalAfter(Duration after, Lock lock, Condition condition) {
        Thread t = new Thread(() -> {
            Sleeps.sleep(after);
            lock.lock();
            try {
                condition.signal();
            } finally {
                lock.unlock();
            }
        }, "signaller");
        t.start();
        return t;
    }
}
