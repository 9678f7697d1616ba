package dev.timescope.benchmarks;

import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.DomainOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A virtual-time domain open on a thread of its own, as a parallel test run has one, for clock reads elsewhere. */
final class DomainElsewhere {

    private final Thread root;
    private final CountDownLatch done;

    private DomainElsewhere(Thread root, CountDownLatch done) {
        this.root = root;
        this.done = done;
    }

    /** Opens the domain on a daemon thread and returns once it is open. */
    static DomainElsewhere open() throws InterruptedException {
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread root = new Thread(() -> {
            Domain d = Domain.open(DomainOptions.builder().name("elsewhere").build());
            opened.countDown();
            try {
                done.await(); // a real wait: no agent rewrites it, so the domain stays open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                d.close();
            }
        }, "domain-elsewhere");
        root.setDaemon(true);
        root.start();
        if (!opened.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the domain on another thread did not open");
        }
        return new DomainElsewhere(root, done);
    }

    /** Closes the domain and waits for its thread. */
    void close() throws InterruptedException {
        done.countDown();
        root.join(30_000);
    }
}
