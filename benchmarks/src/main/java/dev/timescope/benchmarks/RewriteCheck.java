package dev.timescope.benchmarks;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.time.Instant;

/**
 * Proves, in a JVM started with the agent, that the agent rewrites {@link TimeSourceBenchmark}'s own call
 * sites: inside a domain they must return virtual time, which no unrewritten {@code System.nanoTime()} could.
 * {@link CompareWithAgent} runs it in a separate JVM before measuring, so the measured forks never open a
 * domain (opening one starts the watchdog thread, which would then run beside the measurement).
 *
 * <p>Exits with status 1 and a message when a check fails.
 */
public final class RewriteCheck {

    private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");

    private RewriteCheck() {
    }

    public static void main(String[] args) {
        if (!VirtualClock.isAgentInstalled()) {
            fail("the timescope agent is not installed in this JVM; run it with -javaagent:<agent jar>");
        }
        TimeSourceBenchmark bench = new TimeSourceBenchmark();
        try (VirtualClock clock = VirtualClock.builder().startAt(START).autoAdvance(false).name("rewrite-check").start()) {
            check("System.currentTimeMillis()", bench.currentTimeMillis(), START.toEpochMilli());
            check("Instant.now()", bench.instantNow(), START);
            check("System.nanoTime()", bench.nanoTime(), clock.nanoTime());
            check("TimeHooks.nanoTime()", bench.hookNanoTime(), clock.nanoTime());
            long before = bench.nanoTime();
            clock.advance(Duration.ofHours(1));
            check("System.nanoTime() after advance(1 h)", bench.nanoTime() - before, Duration.ofHours(1).toNanos());
            check("System.currentTimeMillis() after advance(1 h)", bench.currentTimeMillis(),
                    START.plus(Duration.ofHours(1)).toEpochMilli());
        }
        System.out.println("rewrite check: the agent rewrote TimeSourceBenchmark's nanoTime, currentTimeMillis and"
                + " Instant.now call sites (they returned virtual time inside a domain)");
    }

    private static void check(String what, Object actual, Object expected) {
        if (!actual.equals(expected)) {
            fail(what + " returned " + actual + " inside a domain, expected the virtual " + expected
                    + ": the call site was not rewritten");
        }
    }

    private static void fail(String message) {
        System.err.println("rewrite check FAILED: " + message);
        System.exit(1);
    }
}
