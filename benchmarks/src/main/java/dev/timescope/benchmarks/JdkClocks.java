package dev.timescope.benchmarks;

/**
 * The JDK's clocks, for {@link GlobalClockReads} and the timing of {@link AlternatingBatches}: in global mode the
 * agent is told to leave this class out ({@code exclude=dev.timescope.benchmarks.JdkClocks}), so its call sites stay
 * the JDK's own even on a thread of the global clock. Outside every domain a rewritten call site reads the same.
 */
final class JdkClocks {

    private JdkClocks() {
    }

    static long nanoTime() {
        return System.nanoTime();
    }

    static long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    static long nanoTimes(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += System.nanoTime();
        }
        return s;
    }

    static long currentTimeMillises(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += System.currentTimeMillis();
        }
        return s;
    }
}
