package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.VirtualClock;
import dev.timescope.it.RuntimeCompiler;
import dev.timescope.it.Sleeps;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * virtual-time.md, section 2, second row: every sleep returns once virtual time has reached its deadline,
 * never earlier, and throws InterruptedException on interrupt exactly as a real one.
 */
class Section2SleepsTest {

    @Test
    void everySleepOverloadTakesExactlyItsDuration() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            long t0 = System.nanoTime();
            Thread.sleep(1_500);
            assertThat(System.nanoTime() - t0).isEqualTo(1_500_000_000L);
            Thread.sleep(2, 500_000);
            assertThat(System.nanoTime() - t0).isEqualTo(1_502_500_000L);
            TimeUnit.MICROSECONDS.sleep(7);
            assertThat(System.nanoTime() - t0).isEqualTo(1_502_507_000L);
            TimeUnit.DAYS.sleep(2);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofDays(2).plusNanos(1_502_507_000L));
        }
    }

    @Test
    void sleepAndJoinWithADurationTakeExactlyTheirDuration() throws Exception {
        Class<?> jdk19Code = RuntimeCompiler.compile("DurationCalls", ""
                + "import java.time.Duration;\n"
                + "public class DurationCalls {\n"
                + "    public static Object run() throws Exception {\n"
                + "        long t0 = System.nanoTime();\n"
                + "        Thread.sleep(Duration.ofMinutes(7));\n"
                + "        Thread sleeper = new Thread(() -> { try { Thread.sleep(Duration.ofHours(1)); }"
                + " catch (InterruptedException e) { } });\n"
                + "        sleeper.start();\n"
                + "        boolean endedEarly = sleeper.join(Duration.ofMinutes(20));\n"
                + "        boolean endedLater = sleeper.join(Duration.ofHours(2));\n"
                + "        return (System.nanoTime() - t0) + \" \" + endedEarly + \" \" + endedLater;\n"
                + "    }\n"
                + "}\n", 19);
        try (VirtualClock clock = VirtualClock.start()) {
            Object result = RuntimeCompiler.run(jdk19Code);
            assertThat(result).isEqualTo(Duration.ofMinutes(67).toNanos() + " false true");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(67));
        }
    }

    @Test
    void zeroSleepsReturnAtOnceAndNegativeOnesAreRejected() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            Thread.sleep(0);
            TimeUnit.SECONDS.sleep(-5); // TimeUnit.sleep ignores non-positive durations, as the JDK's does
            assertThat(clock.elapsed()).isZero();
            assertThatThrownBy(() -> Thread.sleep(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout value is negative");
            assertThatThrownBy(() -> Thread.sleep(1, 1_000_000)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSleepEnteredInterruptedThrowsAtOnceAndClearsTheFlag() {
        try (VirtualClock clock = VirtualClock.start()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> Thread.sleep(60_000)).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(clock.elapsed()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void anInterruptEndsASleepAtTheInstantOfTheInterrupt(ThreadKind kind) {
        kind.assumeAvailable();
        AtomicLong interruptedAfter = new AtomicLong(-1);
        AtomicBoolean flagAfter = new AtomicBoolean(true);
        try (VirtualClock clock = VirtualClock.start()) {
            long t0 = System.nanoTime();
            Thread sleeper = kind.start("sleeper", () -> {
                try {
                    Thread.sleep(Duration.ofHours(1).toMillis());
                } catch (InterruptedException e) {
                    interruptedAfter.set(System.nanoTime() - t0);
                    flagAfter.set(Thread.currentThread().isInterrupted());
                }
            });
            Sleeps.sleep(Duration.ofSeconds(10));
            sleeper.interrupt();
            Sleeps.join(sleeper);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(interruptedAfter.get()).isEqualTo(10_000_000_000L);
        assertThat(flagAfter.get()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void concurrentSleepsOfAllLengthsEachEndExactly(ThreadKind kind) {
        kind.assumeAvailable();
        int n = 50;
        long[] overshoot = new long[n];
        try (VirtualClock clock = VirtualClock.start()) {
            Thread[] threads = new Thread[n];
            for (int i = 0; i < n; i++) {
                int index = i;
                long millis = (long) (i % 7) * 1_000 + i * 13L;
                threads[i] = kind.start("s" + i, () -> {
                    long start = System.nanoTime();
                    Sleeps.sleep(Duration.ofMillis(millis));
                    overshoot[index] = System.nanoTime() - start - millis * 1_000_000;
                });
            }
            Sleeps.join(threads);
        }
        assertThat(overshoot).containsOnly(0L);
    }

    /**
     * A sleep ends at its deadline only: a real wake-up of its thread that is no interrupt (an unpark meant for
     * a park, which a sleep's thread may receive) sends it back to sleep, and an interrupt after that still ends it.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aStrayUnparkNeitherEndsASleepNorHidesALaterInterrupt(ThreadKind kind) {
        kind.assumeAvailable();
        AtomicLong slept = new AtomicLong(-1);
        AtomicLong interruptedAfter = new AtomicLong(-1);
        try (VirtualClock clock = VirtualClock.builder().autoAdvance(false).start()) {
            Thread sleeper = kind.start("sleeper", () -> {
                long start = System.nanoTime();
                Sleeps.sleep(Duration.ofSeconds(10));
                slept.set(System.nanoTime() - start);
            });
            Thread interrupted = kind.start("interrupted", () -> {
                long start = System.nanoTime();
                try {
                    Thread.sleep(Duration.ofHours(1).toMillis());
                } catch (InterruptedException e) {
                    interruptedAfter.set(System.nanoTime() - start);
                }
            });
            clock.awaitQuiescence();
            LockSupport.unpark(sleeper);
            LockSupport.unpark(interrupted);
            clock.advance(Duration.ofSeconds(5));
            assertThat(slept.get()).isEqualTo(-1);
            assertThat(interruptedAfter.get()).isEqualTo(-1);
            interrupted.interrupt();
            clock.advance(Duration.ofSeconds(5));
            Sleeps.join(sleeper, interrupted);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(slept.get()).isEqualTo(10_000_000_000L);
        assertThat(interruptedAfter.get()).isEqualTo(5_000_000_000L);
    }
}
