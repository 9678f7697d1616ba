package dev.timescope.benchmarks;

import dev.timescope.VirtualClock;
import dev.timescope.internal.hooks.TimeHooks;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The clock reads the agent rewrites, measured outside every virtual-time domain.
 *
 * <p>{@link CompareWithAgent} runs this class twice: in forks started with {@code -javaagent}, where the
 * agent rewrites the {@code System.nanoTime()} and {@code System.currentTimeMillis()} call sites below into
 * {@code TimeHooks.nanoTime()} / {@code currentTimeMillis()} as the class loads, and in forks without it.
 * {@code Instant.now()} is not a rewritten call site: the agent retransforms {@code java.time.Clock}, whose
 * {@code VM.getNanoTimeAdjustment} call becomes {@code TimeHooks.nanoTimeAdjustment}.
 *
 * <p>Why the difference should be noise: outside a domain a hook is {@code Domains.open == 0} (one volatile
 * int read, a plain load on x86) and then the very JDK call. The hook is a tiny static method, so the JIT
 * inlines it into the benchmark, and the {@code System.nanoTime()} inside it is still the JIT intrinsic
 * (an inline {@code rdtsc}/vDSO path), not a native call. What is left is a load and a predicted branch,
 * a fraction of a nanosecond against a clock read of roughly 20 ns.
 *
 * <p>In global mode ({@code --agent-options mode=global,...}) the same call sites read the global clock: the fork
 * checks that the benchmark thread is on it before measuring.
 *
 * <p>The {@code hook*} methods call the hooks directly, so that the fork without the agent also measures the
 * hook's cost (the hooks then come from this jar's copy of the runtime); in the fork with the agent they
 * must equal the rewritten call sites. Every method returns its value so that the JIT cannot drop the read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimeSourceBenchmark {

    /** Set by {@link CompareWithAgent} on each fork: whether that fork was started with the agent. */
    static final String EXPECT_AGENT = "timescope.bench.expectAgent";
    /** Set by {@link CompareWithAgent} on forks whose agent runs in global mode: their reads must be virtual. */
    static final String EXPECT_GLOBAL = "timescope.bench.expectGlobal";

    /** A fork that was meant to have the agent and does not (or the reverse) would make the table a lie. */
    @Setup(Level.Trial)
    public void checkAgent() {
        String expected = System.getProperty(EXPECT_AGENT);
        if (expected == null) {
            return; // run by plain org.openjdk.jmh.Main: whatever the command line says
        }
        boolean installed = VirtualClock.isAgentInstalled();
        if (installed != Boolean.parseBoolean(expected)) {
            throw new IllegalStateException("this fork should " + (installed ? "not " : "")
                    + "have the timescope agent, but VirtualClock.isAgentInstalled() is " + installed
                    + "; input arguments: " + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
        if (Boolean.getBoolean(EXPECT_GLOBAL) && !VirtualClock.current().isPresent()) {
            throw new IllegalStateException("this fork's agent runs in global mode, but the benchmark thread is not on"
                    + " the global clock: the fork would measure the real clock");
        }
    }

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Benchmark
    public Instant instantNow() {
        return Instant.now();
    }

    @Benchmark
    public long hookNanoTime() {
        return TimeHooks.nanoTime();
    }

    @Benchmark
    public long hookCurrentTimeMillis() {
        return TimeHooks.currentTimeMillis();
    }
}
