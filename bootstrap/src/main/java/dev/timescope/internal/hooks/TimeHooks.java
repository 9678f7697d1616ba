package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.WakeOutcome;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the agent calls instead of the JDK's clocks and sleeps (contract, section 2). Members of a
 * domain read its virtual clock and sleep in virtual time; every other thread gets exactly the JDK
 * call, after one volatile read.
 *
 * <p>timescope's own code is never rewritten, so the runtime calls these methods directly where
 * it needs virtual time.
 */
public final class TimeHooks {

    private TimeHooks() {
    }

    public static long nanoTime() {
        Member m = Domains.current();
        return m == null ? System.nanoTime() : m.domain().nanoTime();
    }

    public static long currentTimeMillis() {
        Member m = Domains.current();
        return m == null ? System.currentTimeMillis() : m.domain().currentTimeMillis();
    }

    /** Replaces {@code jdk.internal.misc.VM.getNanoTimeAdjustment}, the source of java.time's system clocks. */
    public static long nanoTimeAdjustment(long offsetSeconds) {
        Member m = Domains.current();
        return m == null ? JdkInternals.nanoTimeAdjustment(offsetSeconds) : m.domain().nanoTimeAdjustment(offsetSeconds);
    }

    public static void sleep(long millis) throws InterruptedException {
        Member m = Domains.current();
        if (m == null) {
            Thread.sleep(millis);
            return;
        }
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        sleepNanos(m, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    public static void sleep(long millis, int nanos) throws InterruptedException {
        Member m = Domains.current();
        if (m == null) {
            Thread.sleep(millis, nanos);
            return;
        }
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        long total = TimeUnit.MILLISECONDS.toNanos(millis);
        sleepNanos(m, total > Long.MAX_VALUE - nanos ? Long.MAX_VALUE : total + nanos);
    }

    /** {@code Thread.sleep(Duration)}, JDK 19 and later. */
    public static void sleep(Duration duration) throws InterruptedException {
        Member m = Domains.current();
        if (m == null) {
            JdkMethods.sleep(duration);
            return;
        }
        long nanos = saturatedNanos(duration);
        if (nanos < 0) {
            return; // as the JDK: a negative duration returns at once, interrupted or not
        }
        sleepNanos(m, nanos);
    }

    /** The runtime's own sleep: virtual for members, real otherwise. */
    public static void sleepNanos(long nanos) throws InterruptedException {
        Member m = Domains.current();
        if (m == null) {
            realSleep(Math.max(0, nanos));
            return;
        }
        sleepNanos(m, Math.max(0, nanos));
    }

    private static void sleepNanos(Member m, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("sleep interrupted");
        }
        if (nanos == 0) {
            return;
        }
        Domain domain = m.domain();
        WakeOutcome outcome;
        try {
            outcome = domain.sleep(m, nanos);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("Thread.sleep", e);
            realSleep(nanos);
            return;
        }
        switch (outcome.reason) {
            case INTERRUPTED:
                Thread.interrupted();
                throw new InterruptedException("sleep interrupted");
            case FAILED:
                throw Domain.failureOf(outcome);
            case CLOSED:
                realSleep(outcome.remainingNanos < 0 ? nanos : outcome.remainingNanos);
                return;
            default:
                return;
        }
    }

    /**
     * A real sleep. {@code Thread.sleep} directly: this class is never rewritten, while
     * {@code TimeUnit.sleep} is, and would come back here.
     */
    private static void realSleep(long nanos) throws InterruptedException {
        long millis = nanos / 1_000_000;
        Thread.sleep(millis, (int) (nanos - millis * 1_000_000));
    }

    /** A duration in nanoseconds, saturating at the ends of a long (the JDK's own timed waits do too). */
    public static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
