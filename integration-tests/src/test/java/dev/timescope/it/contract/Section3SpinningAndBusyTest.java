package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.RunawayTimersError;
import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * virtual-time.md, section 3.4 (spinning) and 3.5 (busy members). A member that waits by spinning must not freeze
 * its domain; code that measures time by doing work gets, with an option, a clock that runs while it works.
 */
class Section3SpinningAndBusyTest {

    @Test
    @Timeout(10) // without section 3.4 the spin below never ends: a real-time safety net
    void aSpinOnTheClockAfterASleepThatEndedAtTheDeadlineEnds() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            Thread.sleep(1_000); // ends exactly at the deadline
            while (deadline - System.nanoTime() >= 0) {
                Thread.yield(); // the spinner alone holds the clock: each spin moves it by one tick
            }
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1).plusNanos(1_000));
        }
    }

    @Test
    @Timeout(10)
    void aSpinnerWaitingForASleeperLetsTheClockJumpToTheSleepersDeadline() {
        try (VirtualClock clock = VirtualClock.start()) {
            AtomicBoolean flag = new AtomicBoolean();
            Thread sleeper = ThreadKind.PLATFORM.start("sleeper", () -> {
                Sleeps.sleep(Duration.ofMinutes(5));
                flag.set(true);
            });
            while (!flag.get()) {
                Thread.onSpinWait();
            }
            // The clock jumped to 5 min; the spinner may read the flag one spin late, once the sleeper has gone,
            // and that spin, alone again, is worth one tick.
            assertThat(clock.elapsed()).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusNanos(1_000));
            Sleeps.join(sleeper);
        }
    }

    @Test
    void aSpinnerBesideARunningMemberDoesNotMoveTheClock() {
        try (VirtualClock clock = VirtualClock.start()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong spins = new AtomicLong();
            Thread spinner = ThreadKind.PLATFORM.start("spinner", () -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                    spins.incrementAndGet();
                }
            });
            while (spins.get() < 10_000) {
                // the root runs too: the spinner is not alone, the clock stays
                Thread.onSpinWait();
            }
            assertThat(clock.elapsed()).isZero();
            stop.set(true);
            Sleeps.join(spinner);
        }
    }

    @Test
    void aSpinThatGoesOnWithNothingElseChangingIsReportedAsARunaway() {
        try (VirtualClock clock = VirtualClock.builder().runawayLimit(1_000).start()) {
            assertThatThrownBy(() -> {
                while (true) {
                    Thread.onSpinWait(); // waits for nothing that will ever come
                }
            }).isInstanceOf(RunawayTimersError.class).hasMessageContaining("keeps waiting (or spinning) at:")
                    .hasMessageContaining("Section3SpinningAndBusyTest");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofNanos(1_001_000));
        }
    }

    @Test
    void withRealTimeWhileBusyAMemberThatWorksForADurationFinishes() {
        try (VirtualClock clock = VirtualClock.builder().realTimeWhileBusy(true).start()) {
            AtomicLong loops = new AtomicLong();
            Thread worker = ThreadKind.PLATFORM.start("worker", () -> {
                long end = System.nanoTime() + Duration.ofMillis(50).toNanos();
                while (System.nanoTime() < end) { // "work for 50 ms": needs the clock to run while it works
                    loops.incrementAndGet();
                }
            });
            Sleeps.sleep(Duration.ofHours(1)); // the clock still jumps while everything waits
            Sleeps.join(worker);
            assertThat(loops.get()).isPositive();
            assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofHours(1));
        }
    }
}
