package dev.timescope.benchmarks;

import dev.timescope.internal.hooks.TimeHooks;
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

    private PairedClockReads() {
    }

    public static void main(String[] args) throws InterruptedException {
        int batches = AlternatingBatches.batches(args);
        AlternatingBatches.heading("nanoTime outside every domain");
        System.out.printf("%d alternating batches of %d calls each; ns per call%n%n", batches, AlternatingBatches.BATCH);
        System.out.printf("| %-26s | %-22s | %6s | %6s | %6s |%n", "", "", "p10", "p25", "median");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(28), "-".repeat(24), "-".repeat(8), "-".repeat(8), "-".repeat(8));
        measure("no domain open", batches);
        DomainElsewhere elsewhere = DomainElsewhere.open();
        measure("a domain open elsewhere", batches);
        elsewhere.close();
        AlternatingBatches.keepAlive();
    }

    private static void measure(String label, int batches) {
        double[][] ns = AlternatingBatches.time(batches, PairedClockReads::jdk, PairedClockReads::hook);
        System.out.printf(Locale.ROOT, "| %-26s | %-22s | %s |%n", label, "System.nanoTime()",
                AlternatingBatches.percentiles(ns[0]));
        System.out.printf(Locale.ROOT, "| %-26s | %-22s | %s |%n", label, "TimeHooks.nanoTime()",
                AlternatingBatches.percentiles(ns[1]));
    }

    private static long jdk() {
        long s = 0;
        for (int i = 0; i < AlternatingBatches.BATCH; i++) {
            s += System.nanoTime();
        }
        return s;
    }

    private static long hook() {
        long s = 0;
        for (int i = 0; i < AlternatingBatches.BATCH; i++) {
            s += TimeHooks.nanoTime();
        }
        return s;
    }
}
