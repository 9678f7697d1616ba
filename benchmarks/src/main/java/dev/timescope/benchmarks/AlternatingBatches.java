package dev.timescope.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Two ways of doing one thing, timed in alternating batches on one thread of one JVM, so that both see the same
 * load. A batch the scheduler interrupted is slow whatever it measured, so the low percentiles show what a call
 * costs, and the median what it cost on this machine at that time. Batches are timed with {@link JdkClocks}, the
 * JDK's own clock whatever clock the code measured reads.
 */
final class AlternatingBatches {

    /** Calls per batch. */
    static final int BATCH = 2_000;

    /** One batch: {@link #BATCH} calls, returning what they read, so that the JIT cannot drop them. */
    interface Batch {
        long run();
    }

    private static long sink;

    private AlternatingBatches() {
    }

    /** {@code --batches N}, or 4,000. */
    static int batches(String[] args) {
        return args.length == 2 && args[0].equals("--batches") ? Integer.parseInt(args[1]) : 4_000;
    }

    /** The heading line: what is measured, on which JVM, on how many CPUs, at which load. */
    static void heading(String what) {
        System.out.printf(Locale.ROOT, "## %s: %s %s, %d CPUs, load average %.2f%n", what,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Nanoseconds per call of {@code a} and of {@code b}, batch by batch, after both are compiled. */
    static double[][] time(int batches, Batch a, Batch b) {
        for (int i = 0; i < 20_000; i++) {
            sink += a.run() + b.run();
        }
        double[] first = new double[batches];
        double[] second = new double[batches];
        for (int n = 0; n < batches; n++) {
            if ((n & 1) == 0) {
                first[n] = timed(a);
                second[n] = timed(b);
            } else {
                second[n] = timed(b);
                first[n] = timed(a);
            }
        }
        return new double[][] {first, second};
    }

    private static double timed(Batch batch) {
        long t0 = JdkClocks.nanoTime();
        long s = batch.run();
        long t1 = JdkClocks.nanoTime();
        sink += s;
        return (t1 - t0) / (double) BATCH;
    }

    /** The 10th and 25th percentiles and the median, as table cells. */
    static String percentiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%6.2f | %6.2f | %6.2f", sorted[sorted.length / 10],
                sorted[sorted.length / 4], sorted[sorted.length / 2]);
    }

    /** Keeps every read alive: call once at the end. */
    static void keepAlive() {
        if (sink == 42) {
            System.out.println();
        }
    }
}
