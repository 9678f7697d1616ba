package dev.timescope.benchmarks;

import dev.timescope.VirtualClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A clock read in global mode against the JDK's, in {@link AlternatingBatches}: {@code System.nanoTime()} and
 * {@code System.currentTimeMillis()} at a call site the agent rewrites (they read the global clock) and at one it
 * leaves out ({@link JdkClocks}: the JDK's own).
 *
 * <pre>
 * java -javaagent:agent/target/timescope-agent-0.1.0-SNAPSHOT.jar=mode=global,start=2038-01-19T03:14:07Z,exclude=dev.timescope.benchmarks.JdkClocks \
 *      -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.GlobalClockReads [--batches 4000]
 * </pre>
 */
public final class GlobalClockReads {

    private GlobalClockReads() {
    }

    public static void main(String[] args) {
        int batches = AlternatingBatches.batches(args);
        checkSetUp();
        AlternatingBatches.heading("clock reads in global mode");
        System.out.printf("%d alternating batches of %d calls each, on the main thread (on the global clock); ns per call%n%n",
                batches, AlternatingBatches.BATCH);
        System.out.printf("| %-44s | %6s | %6s | %6s |%n", "", "p10", "p25", "median");
        System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(8), "-".repeat(8), "-".repeat(8));
        measure(batches, "System.nanoTime()", true);
        measure(batches, "System.currentTimeMillis()", false);
        AlternatingBatches.keepAlive();
    }

    /** The rewritten call sites must read the global clock and the left-out ones the JDK's, or the table lies. */
    private static void checkSetUp() {
        if (!VirtualClock.current().isPresent()) {
            throw new IllegalStateException("run this with -javaagent:<agent jar>=mode=global,start=2038-01-19T03:14:07Z,"
                    + "exclude=dev.timescope.benchmarks.JdkClocks: the main thread is on no virtual clock");
        }
        int virtualYear = Instant.ofEpochMilli(System.currentTimeMillis()).atZone(ZoneOffset.UTC).getYear();
        int realYear = Instant.ofEpochMilli(JdkClocks.currentTimeMillis()).atZone(ZoneOffset.UTC).getYear();
        if (virtualYear == realYear) {
            throw new IllegalStateException("the global clock and the JDK's read the same year (" + realYear + "): start"
                    + " the global clock in another year, and leave JdkClocks out of the rewriting");
        }
    }

    private static void measure(int batches, String what, boolean nanos) {
        double[][] ns = nanos
                ? AlternatingBatches.time(batches, () -> JdkClocks.nanoTimes(AlternatingBatches.BATCH),
                        GlobalClockReads::nanoTimes)
                : AlternatingBatches.time(batches, () -> JdkClocks.currentTimeMillises(AlternatingBatches.BATCH),
                        GlobalClockReads::currentTimeMillises);
        System.out.printf(Locale.ROOT, "| %-44s | %s |%n", what + ", the JDK's", AlternatingBatches.percentiles(ns[0]));
        System.out.printf(Locale.ROOT, "| %-44s | %s |%n", what + ", global mode", AlternatingBatches.percentiles(ns[1]));
    }

    private static long nanoTimes() {
        long s = 0;
        for (int i = 0; i < AlternatingBatches.BATCH; i++) {
            s += System.nanoTime();
        }
        return s;
    }

    private static long currentTimeMillises() {
        long s = 0;
        for (int i = 0; i < AlternatingBatches.BATCH; i++) {
            s += System.currentTimeMillis();
        }
        return s;
    }
}
