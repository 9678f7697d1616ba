package dev.timescope.benchmarks;

import dev.timescope.internal.hooks.TimeHooks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A clock read by a thread that belongs to no virtual-time domain, while another thread's domain is open or not:
 * the hook a rewritten {@code System.nanoTime()} call site becomes ({@code TimeHooks.nanoTime()}, called
 * directly here), against the JDK's {@code System.nanoTime()} in the same fork.
 *
 * <p>With no domain open the hook is one volatile read and the JDK call. With a domain open elsewhere it must
 * also find out that the calling thread is no member: that look-up is what this benchmark measures. Run it
 * without {@code -javaagent} (the hooks then come from the runtime classes in {@code benchmarks.jar}), so that
 * {@code jdkNanoTime} stays the JDK's own call:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MembershipBenchmark -f 3 -wi 5 -i 5 -r 1 -w 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MembershipBenchmark {

    /** Whether a domain is open on another thread while the benchmark thread reads the clock. */
    @Param({"false", "true"})
    public boolean domainElsewhere;

    private DomainElsewhere elsewhere;

    @Setup(Level.Trial)
    public void openElsewhere() throws InterruptedException {
        if (!domainElsewhere) {
            return;
        }
        elsewhere = DomainElsewhere.open();
        if (TimeHooks.nanoTime() == Long.MIN_VALUE) {
            throw new AssertionError(); // touch the hooks once, outside the measurement
        }
    }

    @TearDown(Level.Trial)
    public void closeElsewhere() throws InterruptedException {
        if (elsewhere != null) {
            elsewhere.close();
        }
    }

    @Benchmark
    public long jdkNanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public long hookNanoTime() {
        return TimeHooks.nanoTime();
    }
}
