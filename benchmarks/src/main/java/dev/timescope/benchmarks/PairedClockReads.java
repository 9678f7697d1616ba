package dev.timescope.benchmarks;

import dev.timescope.internal.hooks.TimeHooks;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link MembershipBenchmark}'s question for a machine too busy for JMH's one-benchmark-after-another runs: the
 * JDK's {@code System.nanoTime()} against the hook a rewritten call site becomes, by a thread outside every
 * domain, with no domain open and with one open on another thread. Batches of each alternate, thousands of times,
 * so that both see the same load; a batch the scheduler interrupted is slow whatever it measured, so the low
 * percentiles show what a read costs, and the median what it cost on this machine at that time.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.PairedClockReads [--batches 4000]
 * </pre>
 */
public final class PairedClockReads {

    private static final int BATCH = 2_000;
    private static long sink;

    private PairedClockReads() {
    }

    public static void main(String[] args) throws InterruptedException {
        int batches = args.length == 2 && args[0].equals("--batches") ? Integer.parseInt(args[1]) : 4_000;
        System.out.printf(Locale.ROOT, "## nanoTime outside every domain: %s %s, %d CPUs, load average %.2f%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%d alternating batches of %d calls each; ns per call%n%n", batches, BATCH);
        System.out.printf("| %-26s | %-22s | %6s | %6s | %6s |%n", "", "", "p10", "p25", "median");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(28), "-".repeat(24), "-".repeat(8), "-".repeat(8), "-".repeat(8));
        measure("no domain open", batches);
        DomainElsewhere elsewhere = DomainElsewhere.open();
        measure("a domain open elsewhere", batches);
        elsewhere.close();
        if (sink == 42) {
            System.out.println(); // keeps the reads alive
        }
    }

    private static void measure(String label, int batches) {
        for (int i = 0; i < 20_000; i++) { // both loops compiled before anything is measured
            sink += jdk() + hook();
        }
        double[] jdk = new double[batches];
        double[] hook = new double[batches];
        for (int b = 0; b < batches; b++) {
            if ((b & 1) == 0) {
                jdk[b] = timed(true);
                hook[b] = timed(false);
            } else {
                hook[b] = timed(false);
                jdk[b] = timed(true);
            }
        }
        row(label, "System.nanoTime()", jdk);
        row(label, "TimeHooks.nanoTime()", hook);
    }

    private static double timed(boolean jdk) {
        long t0 = System.nanoTime();
        long s = jdk ? jdk() : hook();
        long t1 = System.nanoTime();
        sink += s;
        return (t1 - t0) / (double) BATCH;
    }

    private static long jdk() {
        long s = 0;
        for (int i = 0; i < BATCH; i++) {
            s += System.nanoTime();
        }
        return s;
    }

    private static long hook() {
        long s = 0;
        for (int i = 0; i < BATCH; i++) {
            s += TimeHooks.nanoTime();
        }
        return s;
    }

    private static void row(String label, String what, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| %-26s | %-22s | %6.2f | %6.2f | %6.2f |%n", label, what,
                sorted[sorted.length / 10], sorted[sorted.length / 4], sorted[sorted.length / 2]);
    }
}
