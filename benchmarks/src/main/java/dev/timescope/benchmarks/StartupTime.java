package dev.timescope.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The agent's start-up cost: the wall-clock time of a whole hello-world JVM
 * ({@code java -cp <dir> Hello}) without the agent, with an empty {@code -javaagent}, and with the timescope
 * agent, for the JDK this program runs on. Needs nothing but a JDK: it compiles {@code Hello} and the empty
 * agent itself, into a temporary directory.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.StartupTime [--agent PATH] [--runs 10]
 * </pre>
 * (or {@code java benchmarks/src/main/java/dev/timescope/bench/StartupTime.java ...}: it depends on no other class).
 *
 * <p>The empty agent separates what any {@code -javaagent} costs (the {@code java.instrument} module, JPLIS,
 * opening a jar) from what timescope's premain does. One warm-up run of each configuration comes first (page
 * cache, the CDS archive); then each of {@code runs} rounds runs every configuration once, the order rotated
 * each round, so that a slow patch of a shared machine hits all of them alike. Reported: median, min and max.
 */
public final class StartupTime {

    private static final String HELLO = "public class Hello {\n"
            + "    public static void main(String[] args) {\n"
            + "        System.out.println(\"Hello, world\");\n"
            + "    }\n"
            + "}\n";

    private static final String EMPTY_AGENT = "public class EmptyAgent {\n"
            + "    public static void premain(String args, java.lang.instrument.Instrumentation inst) {\n"
            + "    }\n"
            + "}\n";

    private StartupTime() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String agentPath = "agent/target/timescope-agent-0.1.0-SNAPSHOT.jar";
        int runs = 10;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--agent") && i + 1 < args.length) {
                agentPath = args[++i];
            } else if (args[i].equals("--runs") && i + 1 < args.length) {
                runs = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: StartupTime [--agent PATH] [--runs N]; unknown or incomplete: " + args[i]);
                System.exit(2);
            }
        }
        File agent = new File(agentPath).getAbsoluteFile();
        if (!agent.isFile()) {
            System.err.println("agent jar not found: " + agent + " (build it first, see benchmarks/startup.sh)");
            System.exit(2);
        }

        Path dir = Files.createTempDirectory("timescope-startup");
        try {
            compile(dir, "Hello", HELLO);
            compile(dir, "EmptyAgent", EMPTY_AGENT);
            Path emptyAgentJar = emptyAgentJar(dir);
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";

            Map<String, List<String>> configs = new LinkedHashMap<>();
            configs.put("no agent", command(java, dir));
            configs.put("empty -javaagent", command(java, dir, "-javaagent:" + emptyAgentJar));
            configs.put("timescope agent", command(java, dir, "-javaagent:" + agent));
            measure(configs, runs, dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static List<String> command(String java, Path dir, String... jvmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(Arrays.asList(jvmArgs));
        cmd.add("-cp");
        cmd.add(dir.toString());
        cmd.add("Hello");
        return cmd;
    }

    private static void measure(Map<String, List<String>> configs, int runs, Path dir) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>(configs.keySet());
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        for (String name : names) {
            String stderr = runOnce(configs.get(name), dir).stderr; // warm-up, not counted
            if (!stderr.isBlank()) {
                System.out.println("note: '" + name + "' writes to standard error:\n" + stderr.strip());
            }
            millis.put(name, new ArrayList<>());
        }
        for (int round = 0; round < runs; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size());
                millis.get(name).add(runOnce(configs.get(name), dir).millis);
            }
        }
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        System.out.printf(Locale.ROOT, "%n## hello-world JVM start-up: %s %s, %d CPUs, load average %.2f before, %.2f after%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(), load, loadAfter);
        System.out.printf("%d runs each after one warm-up, rotating order; wall clock of the whole process, ms%n%n", runs);
        System.out.printf("| %-18s | %8s | %8s | %8s | %-22s |%n", "configuration", "median", "min", "max",
                "median - no agent");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(20), "-".repeat(10), "-".repeat(10), "-".repeat(10), "-".repeat(24));
        double base = median(millis.get(names.get(0)));
        for (String name : names) {
            List<Double> m = millis.get(name);
            double med = median(m);
            System.out.printf(Locale.ROOT, "| %-18s | %8.1f | %8.1f | %8.1f | %-22s |%n", name, med, Collections.min(m),
                    Collections.max(m), name.equals(names.get(0)) ? "" : String.format(Locale.ROOT, "%+.1f", med - base));
        }
        System.out.println();
        for (String name : names) {
            StringBuilder sb = new StringBuilder();
            for (double v : millis.get(name)) {
                sb.append(String.format(Locale.ROOT, " %.1f", v));
            }
            System.out.printf("  %-18s runs (ms):%s%n", name, sb);
        }
    }

    private static final class Run {
        final double millis;
        final String stderr;

        Run(double millis, String stderr) {
            this.millis = millis;
            this.stderr = stderr;
        }
    }

    /** One whole JVM, from process start to exit; its output goes to files so that no pipe can stall it. */
    private static Run runOnce(List<String> cmd, Path dir) throws IOException, InterruptedException {
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        long start = System.nanoTime();
        Process p = pb.start();
        int status = p.waitFor();
        long elapsed = System.nanoTime() - start;
        String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        if (status != 0 || !stdout.strip().equals("Hello, world")) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit status " + status + "): " + stdout + stderr);
        }
        return new Run(elapsed / 1e6, stderr);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void compile(Path dir, String className, String source) throws IOException {
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler: run this with a JDK, not a JRE");
        }
        int status = javac.run(null, null, null, "-d", dir.toString(), file.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed on " + file);
        }
    }

    private static Path emptyAgentJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "EmptyAgent");
        Path jar = dir.resolve("empty-agent.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest)) {
            out.putNextEntry(new JarEntry("EmptyAgent.class"));
            out.write(Files.readAllBytes(dir.resolve("EmptyAgent.class")));
            out.closeEntry();
        }
        return jar;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Collections.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
