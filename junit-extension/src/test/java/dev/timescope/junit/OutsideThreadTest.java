package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract section 1 (non-members see real time) and section 4 (the deadlock grace
 * leaves a thread outside the domain the time to wake a member).
 */
@VirtualTime
class OutsideThreadTest {

    private static final SynchronousQueue<CountDownLatch> REQUESTS = new SynchronousQueue<>();
    private static final AtomicReference<Instant> SEEN_OUTSIDE = new AtomicReference<>();
    private static Thread outsider;

    /** Started before any domain opens: never a member. */
    @BeforeAll
    static void startOutsider() {
        outsider = new Thread(() -> {
            try {
                CountDownLatch request = REQUESTS.take();
                SEEN_OUTSIDE.set(Instant.now());
                request.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "outsider");
        outsider.setDaemon(true);
        outsider.start();
    }

    @AfterAll
    static void stopOutsider() throws InterruptedException {
        outsider.interrupt();
        outsider.join();
    }

    @Test
    void anOutsideThreadKeepsRealTimeAndCanWakeAMember() throws InterruptedException {
        Thread.sleep(Duration.ofDays(365).toMillis()); // the domain is a year ahead of its start
        CountDownLatch done = new CountDownLatch(1);
        Thread member = new Thread(() -> {
            try {
                REQUESTS.put(done);
                done.await(); // no deadline: only the outsider can end this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "member");
        member.start();
        member.join();

        assertThat(done.getCount()).isZero();
        assertThat(Instant.now()).isEqualTo(Instant.parse("2000-12-31T00:00:00Z"));
        // The outsider read the real wall clock, not the domain's year 2000.
        assertThat(SEEN_OUTSIDE.get()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    }
}
