package dev.timescope.benchmarks;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs {@link TimeSourceBenchmark} in forks with and without {@code -javaagent} in one run and prints them side
 * by side.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.CompareWithAgent
 *      [--agent PATH] [--forks 3] [--warmup 5] [--iterations 5] [--seconds 1] [--include REGEX]
 * </pre>
 *
 * <p>The forks of the two configurations alternate (one JMH run of one fork each, the order flipped every
 * round), so that drift on a shared machine (another build starting, thermal changes) hits both alike. The
 * score of a configuration pools every measurement iteration of all its forks, and its error is the 99.9%
 * confidence half-width, exactly as JMH computes its own "Error" column. Before measuring, {@link RewriteCheck}
 * runs under the agent to prove the benchmark's call sites are rewritten; each fork also checks that it has
 * (or lacks) the agent, see {@link TimeSourceBenchmark#checkAgent()}.
 */
public final class CompareWithAgent {

    static final String DEFAULT_AGENT = "agent/target/timescope-agent-0.1.0-SNAPSHOT.jar";

    private CompareWithAgent() {
    }

    /** One JVM configuration: a label and what it appends to the fork's command line. */
    private static final class Config {
        final String label;
        final String[] jvmArgs;
        /** Benchmark name to the scores of every measurement iteration, all forks pooled. */
        final Map<String, ListStatistics> pooled = new LinkedHashMap<>();
        /** Benchmark name to the mean of each fork, to show fork-to-fork spread. */
        final Map<String, List<Double>> forkMeans = new LinkedHashMap<>();

        Config(String label, String... jvmArgs) {
            this.label = label;
            this.jvmArgs = jvmArgs;
        }
    }

    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        Settings s = Settings.parse(args);
        File agent = new File(s.agent).getAbsoluteFile();
        if (!agent.isFile()) {
            System.err.println("agent jar not found: " + agent + " (build it with ./mvnw -B -q -pl benchmarks -am package"
                    + " -DskipTests, run from the repository root, or pass --agent PATH)");
            System.exit(2);
        }
        runRewriteCheck(agent);

        Config without = new Config("without agent", "-D" + TimeSourceBenchmark.EXPECT_AGENT + "=false");
        String agentArg = "-javaagent:" + agent + (s.agentOptions.isEmpty() ? "" : "=" + s.agentOptions);
        boolean global = s.agentOptions.contains("mode=global");
        Config with = new Config(global ? "global mode" : "with agent", agentArg,
                "-D" + TimeSourceBenchmark.EXPECT_AGENT + "=true", "-D" + TimeSourceBenchmark.EXPECT_GLOBAL + "=" + global);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        for (int round = 0; round < s.forks; round++) {
            Config[] order = round % 2 == 0 ? new Config[] {without, with} : new Config[] {with, without};
            for (Config c : order) {
                System.out.printf(Locale.ROOT, "%n#### round %d of %d: %s (load average %.2f)%n", round + 1, s.forks, c.label,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                collect(c, new Runner(options(s, c)).run());
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        printTable(s, without, with, loadBefore, loadAfter);
    }

    private static Options options(Settings s, Config c) {
        return new OptionsBuilder()
                .include(s.include)
                .forks(1)
                .warmupForks(0)
                .warmupIterations(s.warmup)
                .warmupTime(TimeValue.seconds(s.seconds))
                .measurementIterations(s.iterations)
                .measurementTime(TimeValue.seconds(s.seconds))
                .threads(1)
                .jvmArgsAppend(c.jvmArgs)
                .shouldFailOnError(true)
                .build();
    }

    private static void collect(Config c, Collection<RunResult> results) {
        if (results.isEmpty()) {
            throw new IllegalStateException("JMH returned no results for " + c.label + " (a fork failed; see above)");
        }
        for (RunResult run : results) {
            String name = shortName(run.getParams().getBenchmark());
            ListStatistics pooled = c.pooled.computeIfAbsent(name, k -> new ListStatistics());
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                ListStatistics one = new ListStatistics();
                for (IterationResult it : fork.getIterationResults()) {
                    double score = it.getPrimaryResult().getScore();
                    pooled.addValue(score);
                    one.addValue(score);
                }
                c.forkMeans.computeIfAbsent(name, k -> new ArrayList<>()).add(one.getMean());
            }
        }
    }

    private static void printTable(Settings s, Config without, Config with, double loadBefore, double loadAfter) {
        System.out.println();
        System.out.printf(Locale.ROOT, "## timescope agent, %s: %s %s (%s), %d CPUs, load average %.2f before, %.2f after%n",
                s.agentOptions.contains("mode=global") ? "in global mode (" + s.agentOptions + ")" : "outside every domain",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        System.out.printf(Locale.ROOT, "JMH avgt, ns/op, %d forks per configuration (alternating) x %d x %d s warm-up + %d x %d s"
                + " measurement; error = 99.9%% CI half-width over all iterations%n%n", s.forks, s.warmup, s.seconds,
                s.iterations, s.seconds);
        System.out.printf("| %-22s | %-18s | %-18s | %-18s | %-16s |%n", "Benchmark", without.label, with.label,
                "with - without", "verdict");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(24), "-".repeat(20), "-".repeat(20), "-".repeat(20), "-".repeat(18));
        for (String name : names(without)) {
            ListStatistics a = without.pooled.get(name);
            ListStatistics b = with.pooled.get(name);
            if (b == null) {
                continue;
            }
            double ea = error(a);
            double eb = error(b);
            double diff = b.getMean() - a.getMean();
            // Half-width of the difference's interval, treating the two as independent (errors add in quadrature).
            double ediff = Math.sqrt(ea * ea + eb * eb);
            String verdict = Double.isNaN(ediff) ? "too few samples" : Math.abs(diff) <= ediff ? "within error" : (diff > 0 ? "agent slower" : "agent faster");
            System.out.printf(Locale.ROOT, "| %-22s | %8.3f ± %-7.3f | %8.3f ± %-7.3f | %+8.3f ± %-7.3f | %-16s |%n",
                    name, a.getMean(), ea, b.getMean(), eb, diff, ediff, verdict);
        }
        // On a shared machine another process sometimes takes the core for a whole fork, which inflates that
        // fork's mean (and the error above) but not the median of all iterations: show both, never only this.
        System.out.println();
        System.out.println("Median of all measurement iterations (ns/op), less sensitive to other load on the machine:");
        System.out.println();
        System.out.printf("| %-22s | %-13s | %-13s | %-14s |%n", "Benchmark", without.label, with.label, "with - without");
        System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(24), "-".repeat(15), "-".repeat(15), "-".repeat(16));
        for (String name : names(without)) {
            ListStatistics a = without.pooled.get(name);
            ListStatistics b = with.pooled.get(name);
            if (b == null) {
                continue;
            }
            double ma = a.getPercentile(50);
            double mb = b.getPercentile(50);
            System.out.printf(Locale.ROOT, "| %-22s | %13.3f | %13.3f | %+14.3f |%n", name, ma, mb, mb - ma);
        }
        System.out.println();
        System.out.println("Mean of each fork (ns/op), in run order:");
        for (String name : names(without)) {
            System.out.printf(Locale.ROOT, "  %-22s without: %s   with: %s%n", name, format(without.forkMeans.get(name)),
                    format(with.forkMeans.get(name)));
        }
    }

    /** The JDK calls first, then the direct hook calls; JMH itself sorts by name. */
    private static List<String> names(Config c) {
        List<String> names = new ArrayList<>(c.pooled.keySet());
        List<String> preferred = List.of("nanoTime", "currentTimeMillis", "instantNow", "hookNanoTime", "hookCurrentTimeMillis");
        names.sort(java.util.Comparator.comparingInt(n -> preferred.contains(n) ? preferred.indexOf(n) : preferred.size()));
        return names;
    }

    /** JMH's own error: the 99.9% confidence half-width; NaN (as in JMH) with two samples or fewer. */
    private static double error(ListStatistics stats) {
        return stats.getN() > 2 ? stats.getMeanErrorAt(0.999) : Double.NaN;
    }

    private static String format(List<Double> values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values == null ? List.<Double>of() : values) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return sb.toString();
    }

    private static String shortName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * Runs {@link RewriteCheck} in a JVM of the same JDK with the agent; any failure stops the comparison, since
     * a "with agent" column whose call sites were not rewritten would measure nothing.
     */
    private static void runRewriteCheck(File agent) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-javaagent:" + agent, "-cp", System.getProperty("java.class.path"),
                RewriteCheck.class.getName()).inheritIO().start();
        int status = p.waitFor();
        if (status != 0) {
            System.err.println("the rewrite check failed (exit status " + status + "); not measuring");
            System.exit(1);
        }
    }

    /** Command-line settings; moderate defaults for a 2-core machine. */
    static final class Settings {
        String agent = System.getProperty("timescope.agent", DEFAULT_AGENT);
        int forks = 3;
        int warmup = 5;
        int iterations = 5;
        int seconds = 1;
        String include = TimeSourceBenchmark.class.getName().replace(".", "\\.") + "\\.";
        String agentOptions = "";

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw usage("missing value after " + key);
                }
                String value = args[++i];
                switch (key) {
                    case "--agent":
                        s.agent = value;
                        break;
                    case "--forks":
                        s.forks = positive(key, value);
                        break;
                    case "--warmup":
                        s.warmup = Integer.parseInt(value);
                        break;
                    case "--iterations":
                        s.iterations = positive(key, value);
                        break;
                    case "--seconds":
                        s.seconds = positive(key, value);
                        break;
                    case "--include":
                        s.include = value;
                        break;
                    case "--agent-options":
                        s.agentOptions = value;
                        break;
                    default:
                        throw usage("unknown option " + key);
                }
            }
            return s;
        }

        private static int positive(String key, String value) {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw usage(key + " must be at least 1, was " + value);
            }
            return n;
        }

        private static IllegalArgumentException usage(String problem) {
            return new IllegalArgumentException(problem + ". Usage: CompareWithAgent [--agent PATH] [--forks N]"
                    + " [--warmup N] [--iterations N] [--seconds N] [--include REGEX] [--agent-options OPTIONS]");
        }
    }
}
