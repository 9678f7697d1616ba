package dev.timescope.benchmarks;

import dev.timescope.Task;
import dev.timescope.TaskScope;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forks and joins 100 000 trivial tasks: TaskScope against the JDK's own tools in the
 * same run, and a platform thread per task for JDK 17. Results are per task. {@code virtualThreadPerTaskExecutor} needs JDK 21+, {@code structuredTaskScope}
 * JDK 25 with {@code --enable-preview} (both called reflectively: this module compiles for 17); elsewhere they
 * are skipped with a message.
 *
 * <pre>
 * ./mvnw -B -pl benchmarks -am -DskipTests package
 * java --enable-preview -jar benchmarks/target/benchmarks.jar ForkJoinBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class ForkJoinBenchmark {

    static final int TASKS = 100_000;

    private static final Callable<Integer> TRIVIAL = () -> 1;

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long taskScope() throws Exception {
        List<Task<Integer>> tasks = new ArrayList<>(TASKS);
        try (TaskScope scope = TaskScope.open()) {
            for (int i = 0; i < TASKS; i++) {
                tasks.add(scope.fork(TRIVIAL));
            }
        }
        long sum = 0;
        for (Task<Integer> t : tasks) {
            sum += t.resultNow();
        }
        return sum;
    }

    /** The JDK 17 baseline: a platform thread per task, started and joined (what TaskScope does on 17). */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long platformThreadPerTask() throws Exception {
        int[] results = new int[TASKS];
        Thread[] threads = new Thread[TASKS];
        for (int i = 0; i < TASKS; i++) {
            int slot = i;
            threads[i] = new Thread(() -> results[slot] = 1);
            threads[i].start();
        }
        long sum = 0;
        for (int i = 0; i < TASKS; i++) {
            threads[i].join();
            sum += results[i];
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long virtualThreadPerTaskExecutor() throws Exception {
        List<Future<Integer>> futures = new ArrayList<>(TASKS);
        ExecutorService executor = newVirtualThreadPerTaskExecutor(); // AutoCloseable only from JDK 19
        try {
            for (int i = 0; i < TASKS; i++) {
                futures.add(executor.submit(TRIVIAL));
            }
            long sum = 0;
            for (Future<Integer> f : futures) {
                sum += f.get();
            }
            return sum;
        } finally {
            executor.shutdown();
            executor.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long structuredTaskScope() throws Exception {
        Object scope = StructuredTaskScopes.OPEN.invoke(null);
        try {
            List<Object> subtasks = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                subtasks.add(StructuredTaskScopes.FORK.invoke(scope, TRIVIAL));
            }
            StructuredTaskScopes.JOIN.invoke(scope);
            long sum = 0;
            for (Object s : subtasks) {
                sum += (Integer) StructuredTaskScopes.GET.invoke(s);
            }
            return sum;
        } finally {
            ((AutoCloseable) scope).close();
        }
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, JDK 21+. */
    private static ExecutorService newVirtualThreadPerTaskExecutor() throws Exception {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+; this is " + Runtime.version(), e);
        }
    }

    /** The JDK 25 preview API, looked up once; its absence fails only that benchmark. */
    private static final class StructuredTaskScopes {
        static final Method OPEN;
        static final Method FORK;
        static final Method JOIN;
        static final Method GET;

        static {
            try {
                Class<?> sts = Class.forName("java.util.concurrent.StructuredTaskScope");
                OPEN = sts.getMethod("open");
                FORK = sts.getMethod("fork", Callable.class);
                JOIN = sts.getMethod("join");
                GET = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask").getMethod("get");
            } catch (ReflectiveOperationException e) {
                throw new UnsupportedOperationException("StructuredTaskScope.open() needs JDK 25 with --enable-preview", e);
            }
        }
    }
}
