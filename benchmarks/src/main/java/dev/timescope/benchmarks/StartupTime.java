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
 * The agent's start-up cost: the wall-clock time of whole JVMs, without the agent, with an empty
 * {@code -javaagent} and with the timescope agent (and, if given, a second timescope agent jar to compare with),
 * for the JDK this program runs on. Two programs:
 * <ul>
 *   <li>{@code Hello}: prints one line;</li>
 *   <li>{@code LoadClasses}: loads 2,000 classes of real libraries (by default those inside {@code benchmarks.jar}:
 *       JMH, commons-math3, jopt-simple, and assertj-core from {@code target/startup-libs}), as an application
 *       with many library classes does at start-up; every one of them passes through the agent's transformer, and
 *       only the few that read the clock or wait are rewritten.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.StartupTime [--agent PATH] [--baseline PATH]
 *      [--runs 20] [--classes 2000] [--library JAR]...
 * </pre>
 *
 * <p>The timescope agent runs twice: as it is, and with a class index of the libraries ({@code index=<file>}, made
 * by the agent's {@code index} command, as the Maven plugin makes one of a test class path), which lets it skip its
 * check of every library class that cannot need rewriting.
 *
 * <p>It compiles both programs and the empty agent itself, into a temporary directory. The empty agent separates
 * what any {@code -javaagent} costs (the {@code java.instrument} module, JPLIS, opening a jar) from what timescope's
 * premain and transformer do. One warm-up run of each configuration comes first (page cache, the CDS archive); then
 * each of {@code runs} rounds runs every configuration once, the order rotated each round, so that a slow patch of a
 * shared machine hits all of them alike. Reported: the median, the quartiles and the extremes.
 */
public final class StartupTime {

    private static final String HELLO = "public class Hello {\n"
            + "    public static void main(String[] args) {\n"
            + "        System.out.println(\"Hello, world\");\n"
            + "    }\n"
            + "}\n";

    /** Loads (without initializing) the first N loadable classes of the jars named after N, in a stable order. */
    private static final String LOAD_CLASSES = "import java.io.File;\n"
            + "import java.net.URL;\n"
            + "import java.net.URLClassLoader;\n"
            + "import java.util.ArrayList;\n"
            + "import java.util.Collections;\n"
            + "import java.util.List;\n"
            + "import java.util.jar.JarFile;\n"
            + "public class LoadClasses {\n"
            + "    public static void main(String[] args) throws Exception {\n"
            + "        int wanted = Integer.parseInt(args[0]);\n"
            + "        List<URL> urls = new ArrayList<>();\n"
            + "        List<String> names = new ArrayList<>();\n"
            + "        for (int i = 1; i < args.length; i++) {\n"
            + "            urls.add(new File(args[i]).toURI().toURL());\n"
            + "            List<String> inJar = new ArrayList<>();\n"
            + "            try (JarFile jar = new JarFile(args[i])) {\n"
            + "                jar.stream().map(e -> e.getName())\n"
            + "                        .filter(n -> n.endsWith(\".class\") && !n.startsWith(\"META-INF/\")\n"
            + "                                && !n.startsWith(\"dev/timescope/\") && !n.endsWith(\"module-info.class\")\n"
            + "                                && !n.endsWith(\"package-info.class\"))\n"
            + "                        .forEach(inJar::add);\n"
            + "            }\n"
            + "            Collections.sort(inJar);\n"
            + "            names.addAll(inJar);\n"
            + "        }\n"
            + "        ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), LoadClasses.class.getClassLoader());\n"
            + "        int loaded = 0;\n"
            + "        int failed = 0;\n"
            + "        for (String n : names) {\n"
            + "            if (loaded == wanted) {\n"
            + "                break;\n"
            + "            }\n"
            + "            try {\n"
            + "                Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);\n"
            + "                loaded++;\n"
            + "            } catch (LinkageError | ClassNotFoundException e) {\n"
            + "                failed++; // an optional dependency that is not there\n"
            + "            }\n"
            + "        }\n"
            + "        System.out.println(\"loaded \" + loaded + \" classes, \" + failed + \" not loadable\");\n"
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
        String baselinePath = null;
        int runs = 20;
        int classes = 2000;
        List<String> libraries = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--agent") && i + 1 < args.length) {
                agentPath = args[++i];
            } else if (args[i].equals("--baseline") && i + 1 < args.length) {
                baselinePath = args[++i];
            } else if (args[i].equals("--runs") && i + 1 < args.length) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--classes") && i + 1 < args.length) {
                classes = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--library") && i + 1 < args.length) {
                libraries.add(new File(args[++i]).getAbsolutePath());
            } else {
                System.err.println("usage: StartupTime [--agent PATH] [--baseline PATH] [--runs N] [--classes N]"
                        + " [--library JAR]...; unknown or incomplete: " + args[i]);
                System.exit(2);
            }
        }
        File agent = existing(agentPath, "agent jar");
        File baseline = baselinePath == null ? null : existing(baselinePath, "baseline agent jar");
        if (libraries.isEmpty()) {
            libraries.addAll(defaultLibraries());
        }

        Path dir = Files.createTempDirectory("timescope-startup");
        try {
            compile(dir, "Hello", HELLO);
            compile(dir, "LoadClasses", LOAD_CLASSES);
            compile(dir, "EmptyAgent", EMPTY_AGENT);
            Path emptyAgentJar = emptyAgentJar(dir);
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Path index = classIndex(java, agent, dir.resolve("class-index.txt"), libraries);
            // A baseline agent from before the class index has no index command: it runs without one only.
            Path baselineIndex = baseline == null ? null
                    : classIndex(java, baseline, dir.resolve("baseline-class-index.txt"), libraries);

            List<String> hello = List.of("Hello");
            List<String> many = new ArrayList<>(List.of("LoadClasses", Integer.toString(classes)));
            many.addAll(libraries);
            for (List<String> program : List.of(hello, many)) {
                Map<String, List<String>> configs = new LinkedHashMap<>();
                configs.put("no agent", command(java, dir, program));
                configs.put("empty -javaagent", command(java, dir, program, "-javaagent:" + emptyAgentJar));
                configs.put("timescope agent", command(java, dir, program, "-javaagent:" + agent));
                if (index != null) {
                    configs.put("timescope, index", command(java, dir, program,
                            "-javaagent:" + agent + "=index=" + index));
                }
                if (baseline != null) {
                    configs.put("baseline agent", command(java, dir, program, "-javaagent:" + baseline));
                    if (baselineIndex != null) {
                        configs.put("baseline, index", command(java, dir, program,
                                "-javaagent:" + baseline + "=index=" + baselineIndex));
                    }
                }
                String title = program == hello ? "hello-world JVM"
                        : "a JVM that loads " + classes + " library classes (" + names(libraries) + ")";
                measure(title, configs, runs, dir);
            }
            if (baseline != null) {
                System.out.println("baseline agent: " + baseline);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * A class index of the libraries into {@code index}, made by the agent's own command as the Maven plugin makes one of
     * a test class path: the "timescope, index" configuration runs the agent with it. Null if the agent has no such
     * command (a build from before the class index), which is said.
     */
    private static Path classIndex(String java, File agent, Path index, List<String> libraries)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", agent.getPath(), "index", index.toString()));
        cmd.addAll(libraries);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            System.out.println("no class index from " + agent + ": " + said.strip());
            return null;
        }
        System.out.println("class index of " + agent + ": " + said.strip());
        return index;
    }

    private static File existing(String path, String what) {
        File f = new File(path).getAbsoluteFile();
        if (!f.isFile()) {
            System.err.println(what + " not found: " + f + " (build it first, see benchmarks/startup.sh)");
            System.exit(2);
        }
        return f;
    }

    /** The jar this class runs from (JMH, commons-math3, jopt-simple inside), and what the build copied next to it. */
    private static List<String> defaultLibraries() {
        List<String> jars = new ArrayList<>();
        try {
            File self = new File(StartupTime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (self.isFile()) {
                jars.add(self.getAbsolutePath());
                File[] copied = new File(self.getParentFile(), "startup-libs").listFiles((d, n) -> n.endsWith(".jar"));
                if (copied != null) {
                    Arrays.sort(copied);
                    for (File f : copied) {
                        jars.add(f.getAbsolutePath());
                    }
                }
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // fall through to the error below
        }
        if (jars.isEmpty()) {
            System.err.println("no library jars: run from benchmarks.jar, or name them with --library JAR");
            System.exit(2);
        }
        return jars;
    }

    private static String names(List<String> paths) {
        List<String> names = new ArrayList<>();
        for (String p : paths) {
            names.add(new File(p).getName());
        }
        return String.join(", ", names);
    }

    private static List<String> command(String java, Path dir, List<String> program, String... jvmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(Arrays.asList(jvmArgs));
        cmd.add("-cp");
        cmd.add(dir.toString());
        cmd.addAll(program);
        return cmd;
    }

    private static void measure(String title, Map<String, List<String>> configs, int runs, Path dir)
            throws IOException, InterruptedException {
        List<String> names = new ArrayList<>(configs.keySet());
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String expected = null;
        for (String name : names) {
            Run warmUp = runOnce(configs.get(name), dir, expected); // not counted
            expected = warmUp.stdout;
            if (!warmUp.stderr.isBlank()) {
                System.out.println("note: '" + name + "' writes to standard error:\n" + warmUp.stderr.strip());
            }
            millis.put(name, new ArrayList<>());
        }
        for (int round = 0; round < runs; round++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size());
                millis.get(name).add(runOnce(configs.get(name), dir, expected).millis);
            }
        }
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        System.out.printf(Locale.ROOT, "%n## %s: %s %s, %d CPUs, load average %.2f before, %.2f after%n", title,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(), load, loadAfter);
        System.out.printf("%d runs each after one warm-up, rotating order; wall clock of the whole process, ms;"
                + " the program said: %s%n%n", runs, expected.strip());
        System.out.printf("| %-18s | %8s | %15s | %15s | %12s | %16s | %24s |%n", "configuration", "median",
                "quartiles", "min - max", "- no agent", "- empty agent", "paired - empty (quartiles)");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(20), "-".repeat(10), "-".repeat(17), "-".repeat(17),
                "-".repeat(14), "-".repeat(18), "-".repeat(26));
        double none = median(millis.get(names.get(0)));
        List<Double> emptyRuns = millis.get(names.get(1));
        double empty = median(emptyRuns);
        for (String name : names) {
            List<Double> m = millis.get(name);
            double med = median(m);
            // Each round ran every configuration once, close in time: the difference within a round leaves out
            // what a slow patch of a shared machine adds to all of them.
            List<Double> paired = new ArrayList<>();
            for (int round = 0; round < m.size(); round++) {
                paired.add(m.get(round) - emptyRuns.get(round));
            }
            System.out.printf(Locale.ROOT, "| %-18s | %8.1f | %15s | %15s | %12s | %16s | %24s |%n", name, med,
                    String.format(Locale.ROOT, "%.1f - %.1f", quantile(m, 0.25), quantile(m, 0.75)),
                    String.format(Locale.ROOT, "%.1f - %.1f", Collections.min(m), Collections.max(m)),
                    name.equals(names.get(0)) ? "" : String.format(Locale.ROOT, "%+.1f", med - none),
                    name.equals(names.get(0)) || name.equals(names.get(1)) ? ""
                            : String.format(Locale.ROOT, "%+.1f", med - empty),
                    name.equals(names.get(0)) || name.equals(names.get(1)) ? ""
                            : String.format(Locale.ROOT, "%+.1f (%+.1f, %+.1f)", median(paired),
                                    quantile(paired, 0.25), quantile(paired, 0.75)));
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
        final String stdout;
        final String stderr;

        Run(double millis, String stdout, String stderr) {
            this.millis = millis;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /**
     * One whole JVM, from process start to exit; its output goes to files so that no pipe can stall it. It must
     * exit normally and say what the first configuration's run said ({@code expected}, null for that one).
     */
    private static Run runOnce(List<String> cmd, Path dir, String expected) throws IOException, InterruptedException {
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        long start = System.nanoTime();
        Process p = pb.start();
        int status = p.waitFor();
        long elapsed = System.nanoTime() - start;
        String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        if (status != 0 || stdout.isBlank() || expected != null && !stdout.equals(expected)) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit status " + status + "): " + stdout
                    + stderr + (expected == null ? "" : "\nexpected: " + expected));
        }
        return new Run(elapsed / 1e6, stdout, stderr);
    }

    private static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /** Linear interpolation between the closest ranks. */
    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double pos = q * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
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
