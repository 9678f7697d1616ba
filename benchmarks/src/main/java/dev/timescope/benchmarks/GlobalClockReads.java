package dev.timescope.benchmarks;

import dev.timescope.VirtualClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * A clock read in global mode against the JDK's, on the same thread of the same JVM, in alternating batches, so
 * that both see the same load: {@code System.nanoTime()} and {@code System.currentTimeMillis()} at a call site the
 * agent rewrites (they read the global clock) and at one it leaves out ({@link JdkClocks}: the JDK's own). A batch
 * the scheduler interrupted is slow whatever it measured, so the low percentiles show what a read costs, and the
 * median what it cost on this machine at that time.
 *
 * <pre>
 * java -javaagent:agent/target/timescope-agent-0.1.0-SNAPSHOT.jar=mode=global,start=2038-01-19T03:14:07Z,exclude=dev.timescope.benchmarks.JdkClocks \
 *      -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.GlobalClockReads [--batches 4000]
 * </pre>
 */
public final class GlobalClockReads {

    private static final int BATCH = 2_000;
    private static long sink;

    private GlobalClockReads() {
    }

    public static void main(String[] args) {
        int batches = args.length == 2 && args[0].equals("--batches") ? Integer.parseInt(args[1]) : 4_000;
        checkSetUp();
        System.out.printf(Locale.ROOT, "## clock reads in global mode: %s %s, %d CPUs, load average %.2f%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%d alternating batches of %d calls each, on the main thread (on the global clock); ns per call%n%n",
                batches, BATCH);
        System.out.printf("| %-44s | %6s | %6s | %6s |%n", "", "p10", "p25", "median");
        System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(8), "-".repeat(8), "-".repeat(8));
        measure(batches, "System.nanoTime()", true);
        measure(batches, "System.currentTimeMillis()", false);
        if (sink == 42) {
            System.out.println(); // keeps the reads alive
        }
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
        for (int i = 0; i < 20_000; i++) { // every loop compiled before anything is measured
            timed(true, nanos); // each call adds its reads to the sink
            timed(false, nanos);
        }
        double[] jdk = new double[batches];
        double[] global = new double[batches];
        for (int b = 0; b < batches; b++) {
            if ((b & 1) == 0) {
                jdk[b] = timed(true, nanos);
                global[b] = timed(false, nanos);
            } else {
                global[b] = timed(false, nanos);
                jdk[b] = timed(true, nanos);
            }
        }
        row(what + ", the JDK's", jdk);
        row(what + ", global mode", global);
    }

    private static double timed(boolean jdk, boolean nanos) {
        long t0 = JdkClocks.nanoTime();
        long s = jdk ? (nanos ? JdkClocks.nanoTimes(BATCH) : JdkClocks.currentTimeMillises(BATCH))
                : (nanos ? nanoTimes() : currentTimeMillises());
        long t1 = JdkClocks.nanoTime();
        sink += s;
        return (t1 - t0) / (double) BATCH;
    }

    private static long nanoTimes() {
        long s = 0;
        for (int i = 0; i < BATCH; i++) {
            s += System.nanoTime();
        }
        return s;
    }

    private static long currentTimeMillises() {
        long s = 0;
        for (int i = 0; i < BATCH; i++) {
            s += System.currentTimeMillis();
        }
        return s;
    }

    private static void row(String what, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| %-44s | %6.2f | %6.2f | %6.2f |%n", what,
                sorted[sorted.length / 10], sorted[sorted.length / 4], sorted[sorted.length / 2]);
    }
}
