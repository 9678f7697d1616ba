package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Contract sections 2 and 3.1: deadlines in order, an unpark wakes at once. */
@VirtualTime
class WakeOrderTest {

    @Test
    void sleepersWakeInOrderAtTheirExactDeadlines(VirtualClock clock) throws InterruptedException {
        List<String> wakes = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        Thread five = new Thread(() -> sleepAndLog(5, t0, "five", wakes), "five");
        Thread three = new Thread(() -> sleepAndLog(3, t0, "three", wakes), "three");
        five.start();
        three.start();
        five.join();
        three.join();

        assertThat(wakes).containsExactly("three@PT3S", "five@PT5S");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aParkedMemberUnparkedAtThreeSecondsReturnsAtThreeSeconds() throws InterruptedException {
        long t0 = System.nanoTime();
        long[] returnedAt = new long[1];
        Thread parked = new Thread(() -> {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
            returnedAt[0] = System.nanoTime() - t0;
        }, "parked");
        Thread waker = new Thread(() -> {
            sleepSeconds(3);
            LockSupport.unpark(parked);
        }, "waker");
        parked.start();
        waker.start();
        parked.join();
        waker.join();

        assertThat(Duration.ofNanos(returnedAt[0])).isEqualTo(Duration.ofSeconds(3));
    }

    private static void sleepAndLog(int seconds, long t0, String name, List<String> wakes) {
        sleepSeconds(seconds);
        wakes.add(name + "@" + Duration.ofNanos(System.nanoTime() - t0));
    }

    private static void sleepSeconds(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
