package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Contract section 3.1 and the naive-sleep race of other virtual clocks: a one-minute sleep on
 * one thread must never overtake a five-second timed wait on another. Each repetition is its own domain.
 */
@VirtualTime
class TimedWaitRaceTest {

    @RepeatedTest(1000)
    void aTimedWaitTimesOutBeforeALongerSleepEnds() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        AtomicReference<Boolean> result = new AtomicReference<>();
        AtomicLong waitedNanos = new AtomicLong();
        Thread sleeper = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
            latch.countDown();
        }, "sleeper");
        Thread waiter = new Thread(() -> {
            long start = System.nanoTime();
            try {
                result.set(latch.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                return;
            }
            waitedNanos.set(System.nanoTime() - start);
        }, "waiter");
        sleeper.start();
        waiter.start();
        waiter.join();
        sleeper.join();

        assertThat(result.get()).isFalse();
        assertThat(Duration.ofNanos(waitedNanos.get())).isEqualTo(Duration.ofSeconds(5));
    }
}
