package dev.timescope.benchmarks;

import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.internal.jfr.Recorder;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What timescope's JFR events cost: forking and joining 100 000 trivial tasks in a {@code TaskScope} (as
 * {@link ForkJoinBenchmark#taskScope}) with no recording, with a recording of the JDK's default settings that
 * leaves timescope's events disabled, and with the same recording enabling them (a Scope event per scope, a Task
 * event per task). Results are per task; the recording goes to disk, as {@code -XX:StartFlightRecording} does.
 * {@link #recorderCallsOfOneTask} measures building and committing one task's event alone, on one thread.
 *
 * <pre>
 * ./mvnw -B -pl benchmarks -am -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar RecordingCostBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RecordingCostBenchmark {

    private static final String[] TIMESCOPE_EVENTS = {"dev.timescope.Scope", "dev.timescope.Task",
        "dev.timescope.TaskCancel", "dev.timescope.VirtualTimeDomain", "dev.timescope.ClockAdvance",
        "dev.timescope.Deadlock"};

    private static final Callable<Integer> TRIVIAL = () -> 1;

    /** {@code none}: no recording; {@code disabled}: timescope's events off; {@code enabled}: on. */
    @Param({"none", "disabled", "enabled"})
    public String recording;

    private Recording jfr;

    @Setup(Level.Trial)
    public void startRecording() throws IOException, ParseException {
        if (recording.equals("none")) {
            return;
        }
        jfr = new Recording(Configuration.getConfiguration("default"));
        jfr.setToDisk(true);
        jfr.setMaxSize(256L * 1024 * 1024);
        for (String event : TIMESCOPE_EVENTS) {
            if (recording.equals("enabled")) {
                jfr.enable(event);
            } else {
                jfr.disable(event);
            }
        }
        jfr.start();
    }

    @TearDown(Level.Trial)
    public void stopRecording() {
        if (jfr != null) {
            jfr.stop();
            jfr.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ForkJoinBenchmark.TASKS)
    public long taskScope() throws Exception {
        List<Task<Integer>> tasks = new ArrayList<>(ForkJoinBenchmark.TASKS);
        try (TaskScope scope = TaskScope.open()) {
            for (int i = 0; i < ForkJoinBenchmark.TASKS; i++) {
                tasks.add(scope.fork(TRIVIAL));
            }
        }
        long sum = 0;
        for (Task<Integer> t : tasks) {
            sum += t.resultNow();
        }
        return sum;
    }

    /**
     * Only what recording adds to one task, without the thread: building and committing its event on the calling
     * thread ({@code Recorder.taskForked} then {@code taskEnded}), as a task whose code ran for a millisecond or
     * more does, and as timescope's committer thread does for the others. Single-threaded, so it stays readable on
     * a busy machine where thread creation is noisy.
     */
    @Benchmark
    public Object recorderCallsOfOneTask() {
        Object trace = Recorder.taskForked();
        if (trace != null) {
            Recorder.taskEnded(trace, 2, 1, 0, "scope-1/task-2", "SUCCESS", null, false);
        }
        return trace;
    }
}
