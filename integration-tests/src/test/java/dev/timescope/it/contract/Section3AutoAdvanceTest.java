package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** virtual-time.md, section 3.1: the clock jumps only when every member is durably blocked. */
class Section3AutoAdvanceTest {

    @Test
    void aRunningMemberHoldsTheClockUntilItBlocks() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        try (VirtualClock clock = VirtualClock.start()) {
            CountDownLatch started = new CountDownLatch(1);
            Thread worker = new Thread(() -> {
                started.countDown();
                long sum = 0;
                for (int i = 0; i < 5_000_000; i++) {
                    sum += i % 7; // real CPU work while the root sleeps: the clock must wait for it
                }
                events.add("work done at " + Instant.now() + " " + (sum > 0));
                Sleeps.sleep(Duration.ofSeconds(2));
                events.add("worker woke at " + Instant.now());
            });
            worker.start();
            started.await();
            Thread.sleep(1_000);
            events.add("root woke at " + Instant.now());
            worker.join();
        }
        assertThat(events).containsExactly(
                "work done at 2000-01-01T00:00:00Z true",
                "root woke at 2000-01-01T00:00:01Z",
                "worker woke at 2000-01-01T00:00:02Z");
    }

    /**
     * A member BLOCKED entering a monitor owned by a sleeping member is durably blocked: the watchdog
     * confirms it twice by sampling, and the clock moves.
     */
    @Test
    void aMemberBlockedOnAMonitorHeldByASleeperDoesNotHoldTheClock() throws InterruptedException {
        Object monitor = new Object();
        List<String> events = new CopyOnWriteArrayList<>();
        try (VirtualClock clock = VirtualClock.start()) {
            CountDownLatch holding = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                synchronized (monitor) {
                    holding.countDown();
                    Sleeps.sleep(Duration.ofSeconds(5));
                    events.add("holder leaves at +" + clock.elapsed().toSeconds() + "s");
                }
            }, "holder");
            holder.start();
            holding.await();
            Thread contender = new Thread(() -> {
                synchronized (monitor) {
                    events.add("contender enters at +" + clock.elapsed().toSeconds() + "s");
                }
            }, "contender");
            contender.start();
            Thread.sleep(1_000);
            events.add("root wakes at +" + clock.elapsed().toSeconds() + "s");
            holder.join();
            contender.join();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
        }
        assertThat(events).containsExactly("root wakes at +1s", "holder leaves at +5s", "contender enters at +5s");
    }

    /**
     * The advance grace: with it, a member waiting with a timeout for a thread outside the domain gets its
     * answer instead of a fast-forwarded timeout.
     */
    @Test
    void theAdvanceGraceLetsAThreadOutsideTheDomainAnswerFirst() throws InterruptedException {
        CountDownLatch request = new CountDownLatch(1);
        CountDownLatch reply = new CountDownLatch(1);
        Thread outsider = new Thread(() -> {
            try {
                request.await();
                reply.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "outsider");
        outsider.start();
        AtomicReference<Boolean> answered = new AtomicReference<>();
        try (VirtualClock clock = VirtualClock.builder().advanceGrace(Duration.ofSeconds(5)).start()) {
            request.countDown();
            answered.set(reply.await(10, TimeUnit.SECONDS));
            assertThat(clock.elapsed()).isZero();
        }
        outsider.join();
        assertThat(answered.get()).isTrue();
    }

    @Test
    void withoutTheAdvanceGraceSuchATimeoutIsFastForwarded() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        try (VirtualClock clock = VirtualClock.start()) {
            assertThat(never.await(10, TimeUnit.SECONDS)).isFalse();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
        }
    }
}
