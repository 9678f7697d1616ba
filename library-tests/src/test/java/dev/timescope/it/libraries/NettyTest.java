package dev.timescope.it.libraries;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Netty 4.2's {@code HashedWheelTimer}, the timer of its network code and of many clients built on it: a worker
 * thread, started by the first {@code newTimeout} from the thread factory it was given, that reads
 * {@code System.nanoTime()} and sleeps to the end of each tick (100 ms by default), then runs the timeouts due by
 * then. On the virtual clock an hour of ticks takes no real time, and each timeout runs at the end of the tick its
 * deadline falls in, as it does on real time. virtual-time.md, section 1 (a thread a member constructs is a member)
 * and section 2 (readings and sleeps).
 */
@VirtualTime
@org.junit.jupiter.api.Timeout(30) // a real-time safety net (virtual-time.md, section 5): a hang fails the test
class NettyTest {

    /** 36,000 ticks of the worker, each one sleep, none a runaway: the one timeout runs at the end of its tick. */
    @Test
    void hashedWheelTimerFiresAnHourLaterAtTheEndOfItsTick(VirtualClock clock) throws InterruptedException {
        HashedWheelTimer timer = new HashedWheelTimer();
        try {
            CountDownLatch fired = new CountDownLatch(1);
            List<Duration> firedAt = new ArrayList<>();
            timer.newTimeout(t -> {
                firedAt.add(clock.elapsed());
                fired.countDown();
            }, 1, TimeUnit.HOURS);
            fired.await();
            assertThat(firedAt).containsExactly(Duration.ofHours(1).plusMillis(100));
            assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1).plusMillis(100));
        } finally {
            timer.stop();
        }
    }

    /** A cancelled timeout never runs; the others run in their order, at the end of their 10 ms ticks. */
    @Test
    void aCancelledTimeoutNeverRunsAndTheOthersRunInOrder(VirtualClock clock) throws InterruptedException {
        HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
        try {
            List<String> ran = new ArrayList<>();
            Timeout first = timer.newTimeout(t -> ran.add("first"), 5, TimeUnit.SECONDS);
            timer.newTimeout(t -> ran.add("third at " + clock.elapsed()), 15, TimeUnit.SECONDS);
            timer.newTimeout(t -> ran.add("second at " + clock.elapsed()), 10, TimeUnit.SECONDS);
            first.cancel();
            Thread.sleep(20_000);
            assertThat(ran).containsExactly("second at PT10.01S", "third at PT15.01S");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(20));
        } finally {
            timer.stop();
        }
    }
}
