package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * virtual-time.md, section 3.2: advance, advanceTo, runUntilIdle and awaitQuiescence, with and without
 * auto-advance.
 */
class Section3ManualTest {

    private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");

    private static VirtualClock manual() {
        return VirtualClock.builder().autoAdvance(false).start();
    }

    /** A member that sleeps 2 s, then 1 s more, logging each wake-up. */
    private static Thread sleeper(List<String> log, String name) {
        Thread t = new Thread(() -> {
            Sleeps.sleep(Duration.ofSeconds(2));
            log.add(name + "@" + Instant.now());
            Sleeps.sleep(Duration.ofSeconds(1));
            log.add(name + "@" + Instant.now());
        }, name);
        t.start();
        return t;
    }

    @Test
    void withoutAutoAdvanceNothingMovesUntilAdvance() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        try (VirtualClock clock = manual()) {
            Thread t = sleeper(log, "a");
            clock.awaitQuiescence();
            assertThat(clock.elapsed()).isZero();
            assertThat(log).isEmpty();
            assertThat(clock.pendingTimers()).isEqualTo(1);

            clock.advance(Duration.ofMillis(2_500));
            // the wake-up at 2 s ran, and its new 1 s sleep (due at 3 s) is beyond the target
            assertThat(log).containsExactly("a@" + START.plusSeconds(2));
            assertThat(clock.instant()).isEqualTo(START.plusMillis(2_500));

            clock.advanceTo(START.plusSeconds(3));
            assertThat(log).containsExactly("a@" + START.plusSeconds(2), "a@" + START.plusSeconds(3));
            t.join();
            assertThat(clock.pendingTimers()).isZero();
        }
    }

    @Test
    void anAdvanceRunsTheWorkEachInstantWakesBeforeTheNextInstantFires() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        try (VirtualClock clock = manual()) {
            Thread a = sleeper(log, "a");
            Thread b = new Thread(() -> {
                Sleeps.sleep(Duration.ofMillis(2_500));
                log.add("b@" + Instant.now());
            }, "b");
            b.start();
            clock.advance(Duration.ofSeconds(10));
            assertThat(log).containsExactly("a@" + START.plusSeconds(2), "b@" + START.plusMillis(2_500),
                    "a@" + START.plusSeconds(3));
            assertThat(clock.instant()).isEqualTo(START.plusSeconds(10));
            a.join();
            b.join();
        }
    }

    @Test
    void runUntilIdleFiresEverythingAndRestsAtTheLastTimer() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        try (VirtualClock clock = manual()) {
            Thread a = sleeper(log, "a");
            clock.runUntilIdle();
            assertThat(log).containsExactly("a@" + START.plusSeconds(2), "a@" + START.plusSeconds(3));
            assertThat(clock.instant()).isEqualTo(START.plusSeconds(3));
            assertThat(clock.pendingTimers()).isZero();
            a.join();
        }
    }

    @Test
    void awaitQuiescenceWaitsForMembersToBlockWithoutMovingTheClock() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            CountDownLatch parked = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                parked.countDown();
                Sleeps.sleep(Duration.ofHours(1));
            });
            t.start();
            parked.await();
            clock.awaitQuiescence();
            assertThat(clock.elapsed()).isZero();
            assertThat(clock.pendingTimers()).isEqualTo(1);
            t.join();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void aThreadOutsideTheDomainCanDriveAManualClock() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        VirtualClock[] clock = new VirtualClock[1];
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch driven = new CountDownLatch(1);
        Thread root = new Thread(() -> {
            try (VirtualClock c = manual()) {
                clock[0] = c;
                Thread t = sleeper(log, "a");
                ready.countDown();
                driven.await();
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "root");
        root.start();
        ready.await();
        clock[0].advance(Duration.ofSeconds(5)); // from the test thread, which is not a member
        driven.countDown();
        root.join();
        assertThat(log).containsExactly("a@" + START.plusSeconds(2), "a@" + START.plusSeconds(3));
    }

    @Test
    void advanceCanBeUsedWithAutoAdvanceToo() {
        try (VirtualClock clock = VirtualClock.start()) {
            clock.advance(Duration.ofDays(2));
            assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(2)));
        }
    }

    @Test
    void badTargetsAreRejectedWithTheReason() {
        try (VirtualClock clock = manual()) {
            clock.advance(Duration.ofSeconds(5));
            assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("virtual time never goes backwards");
            assertThatThrownBy(() -> clock.advanceTo(START))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the clock is already at 2000-01-01T00:00:05Z");
            assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(NullPointerException.class);
            clock.advance(Duration.ZERO);
            assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));
        }
    }

    @Test
    void badBuilderSettingsNameTheValue() {
        assertThatThrownBy(() -> VirtualClock.builder().runawayLimit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runawayLimit 0");
        assertThatThrownBy(() -> VirtualClock.builder().deadlockGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadlockGrace PT-1S");
        assertThatThrownBy(() -> VirtualClock.builder().startAt(Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }
}
