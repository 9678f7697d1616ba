package dev.timescope.benchmarks;

import dev.timescope.VirtualClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the executors and scheduled-executors instrumentations cost.
 *
 * <p>Outside every domain ({@code execute}, {@code submit}+{@code join} on the common pool,
 * {@code supplyAsync().join()}, {@code schedule}+{@code cancel}): {@link CompareWithAgent} runs these in forks with
 * and without the agent; each hook is one volatile read there, so they should be indistinguishable.
 *
 * <p>Inside a domain ({@code handOffInDomain}) against the same hand-off outside one ({@code handOffOutside}), in
 * forks with the agent: a submit and a wait for the result on a pool created outside the domain, so that the task
 * is work in flight, a pool thread borrows the domain to run it, and the submitter's wait is a virtual one.
 * The agent must then leave JMH's own timing alone ({@code exclude=org.openjdk.jmh.*} and the generated classes),
 * or the harness would read virtual time inside the domain.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExecutorBenchmark {

    private static final int BATCH = 100;

    /** Pools created outside every domain, as an application's or a library's are. */
    @State(Scope.Benchmark)
    public static class Pools {
        ThreadPoolExecutor pool;
        ScheduledThreadPoolExecutor scheduler;
        final AtomicLong done = new AtomicLong();

        @Setup(Level.Trial)
        public void create() {
            pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
            scheduler = new ScheduledThreadPoolExecutor(1);
            scheduler.setRemoveOnCancelPolicy(true);
        }

        @TearDown(Level.Trial)
        public void shutDown() {
            pool.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    /** A virtual-time domain rooted at the benchmark thread for the whole trial. */
    @State(Scope.Thread)
    public static class InDomain {
        VirtualClock clock;

        @Setup(Level.Trial)
        public void open() {
            if (VirtualClock.isAgentInstalled()) { // the forks without the agent measure it outside, like the rest
                clock = VirtualClock.start();
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            if (clock != null) {
                clock.close();
            }
        }
    }

    /** {@code execute} of {@value #BATCH} tasks on a thread pool, then waiting until they have run: per task. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long execute(Pools p) {
        long target = p.done.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            p.pool.execute(p.done::incrementAndGet);
        }
        while (p.done.get() < target) {
            Thread.onSpinWait();
        }
        return target;
    }

    @Benchmark
    public Integer commonPoolSubmitJoin() {
        return ForkJoinPool.commonPool().submit(() -> 42).join();
    }

    @Benchmark
    public Integer supplyAsyncJoin() {
        return CompletableFuture.supplyAsync(() -> 42).join();
    }

    @Benchmark
    public boolean scheduleCancel(Pools p) {
        return p.scheduler.schedule(() -> { }, 1, TimeUnit.HOURS).cancel(false);
    }

    @Benchmark
    public Integer handOffOutside(Pools p) throws InterruptedException, ExecutionException {
        return p.pool.submit(() -> 42).get();
    }

    @Benchmark
    public Integer handOffInDomain(Pools p, InDomain d) throws InterruptedException, ExecutionException {
        return p.pool.submit(() -> 42).get();
    }
}
