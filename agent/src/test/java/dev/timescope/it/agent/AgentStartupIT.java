package dev.timescope.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as users start it: -javaagent on a real JVM. Its options are parsed strictly: an unknown key or a
 * malformed value stops the JVM at start-up with a message that names it and lists the valid keys.
 */
class AgentStartupIT {

    private static String agent(String options) {
        return "-javaagent:" + ChildJvm.AGENT_JAR + (options == null ? "" : "=" + options);
    }

    @Test
    void theAgentPutsAProgramOnVirtualTime() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent(null)), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).contains("slept PT1H now 2000-01-01T01:00:00Z");
        assertThat(jvm.err).as("the agent says nothing when all is well").isEmpty();
    }

    @Test
    void includeAndExcludeNarrowWhatIsRewritten() throws Exception {
        ChildJvm included = ChildJvm.run(List.of(agent("include=dev.timescope.it.agent.*,debug=true")),
                PrintNow.class.getName());
        assertThat(included.exitCode).as(included.toString()).isZero();
        assertThat(included.out).contains("now 2000-01-01T00:00:00Z");
        assertThat(included.err).contains("[timescope agent] rewrote dev.timescope.it.agent.PrintNow");

        ChildJvm excluded = ChildJvm.run(List.of(agent("include=com.acme.*,exclude=dev.timescope.it.*,debug=true")),
                PrintNow.class.getName());
        assertThat(excluded.exitCode).as(excluded.toString()).isZero();
        assertThat(excluded.out).as("a class left out reads real time").startsWith("now ")
                .doesNotContain("now 2000-01-01");
        assertThat(excluded.err).doesNotContain("rewrote dev.timescope.it.agent.PrintNow")
                .contains("rewrote java.util.concurrent.");
    }

    @Test
    void anUnknownOptionStopsTheJvmNamingItAndTheValidOnes() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("debug=true,incldue=foo")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).isEqualTo(1);
        assertThat(jvm.out).doesNotContain("slept");
        assertThat(jvm.err).contains("[timescope agent] error: unknown option 'incldue'")
                .contains("Valid options: include=<class or package.*> (repeatable), exclude=<class or package.*>"
                        + " (repeatable), debug=true|false, index=<class index file")
                .contains("the JVM does not start with an invalid -javaagent option");
    }

    /** What a user sees first, above Surefire's "The forked VM terminated without properly saying goodbye". */
    @Test
    void theErrorIsTheFirstThingTheJvmSaysAndNothingFollowsIt() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("debug=true,incldue=foo")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).as("printed and exited, not thrown from premain (which aborts with 134)").isEqualTo(1);
        assertThat(jvm.err.lines()).as(jvm.toString()).containsExactly(
                "[timescope agent] error: unknown option 'incldue' in \"debug=true,incldue=foo\". " + validOptions(),
                "[timescope agent] the JVM does not start with an invalid -javaagent option; it exits with code 1"
                        + " (Maven Surefire reports that as \"The forked VM terminated without properly saying goodbye\").");
        assertThat(jvm.out).isEmpty();
    }

    @Test
    void aMalformedValueStopsTheJvmNamingIt() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("debug=maybe")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).isEqualTo(1);
        assertThat(jvm.err).contains("option debug=maybe is invalid; valid values: true, false");
    }

    @Test
    void globalClockOptionsWithoutGlobalModeStopTheJvmNamingWhatIsMissing() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("rate=60")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).isEqualTo(1);
        assertThat(jvm.out).doesNotContain("slept");
        assertThat(jvm.err).startsWith("[timescope agent] error: option 'rate' sets the clock of global mode and needs"
                + " mode=global").contains(validOptions());
    }

    private static String validOptions() {
        return "Valid options: include=<class or package.*> (repeatable), exclude=<class or package.*> (repeatable),"
                + " debug=true|false, index=<class index file, made by java -jar timescope-agent.jar index>,"
                + " mode=global|domains (default domains), and with mode=global:"
                + " start=<ISO-8601 instant, e.g. 2038-01-19T03:14:07Z> (default: now),"
                + " rate=<decimal from 0 to 1000000> (default 1; 0 freezes the clock),"
                + " autoAdvance=true|false (default false); separate them with commas.";
    }

    @Test
    void debugListsTheClassesRewritten() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("debug=true")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.err).contains("[timescope agent] rewrote dev.timescope.it.agent.SleepAnHour")
                .contains("rewrote java.util.concurrent.");
    }

    @Test
    void aJdkClassLoadedBeforeTheFirstDomainIsRewrittenWhenItOpens() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("debug=true")), PoolBeforeDomain.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).contains("ran after PT1H");
        assertThat(jvm.err).contains("rewrote java.util.concurrent.ScheduledThreadPoolExecutor");
    }

    /** Their worker loops keep the code from before the rewrite: the calls those loops make carry each task. */
    @Test
    void poolThreadsStartedBeforeTheFirstDomainRunItsTasksOnVirtualTime() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent(null)), PoolThreadsBeforeDomain.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).as(jvm.toString()).contains("cached pool: ran PT1H in", "fixed pool: ran PT2H in",
                "after a failed task: PT4H", "process: exit 0 at PT4H", "then PT4H1M");
        assertThat(jvm.err).as("only the failure the program expects").doesNotContain("WARNING")
                .contains("a task that fails (as this program expects)");
    }

    @Test
    void anExcludedClassReadsRealTimeWhileTheJdkItCallsStaysVirtual() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("exclude=dev.timescope.it.agent.ClockProbe")), ClockProbe.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).contains("Instant.now() year 2000").doesNotContain("currentTimeMillis() year 2000");
        ChildJvm included = ChildJvm.run(List.of(agent(null)), ClockProbe.class.getName());
        assertThat(included.out).contains("Instant.now() year 2000").contains("currentTimeMillis() year 2000");
    }

    /**
     * A class index made by the agent's own command spares the check of every class it does not list; a class it
     * lists is rewritten. An index that lists nothing for the jar, while the jar is as it says, is believed: the
     * class is then left as it is (which shows the index is used).
     */
    @Test
    void aClassIndexDecidesForTheJarsItCovers(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String entry = PrintNow.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            try (InputStream in = PrintNow.class.getResourceAsStream("PrintNow.class")) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        Path index = dir.resolve("index.txt");
        ChildJvm made = ChildJvm.runWithClassPath(null, List.of(), "-jar", ChildJvm.AGENT_JAR, "index",
                index.toString(), jar.toString());
        assertThat(made.exitCode).as(made.toString()).isZero();
        assertThat(made.out).contains("wrote " + index + ": 1 jars, 1 classes read, 1 classes listed");
        String classPath = jar + File.pathSeparator + System.getProperty("java.class.path");

        ChildJvm listed = ChildJvm.runWithClassPath(classPath, List.of(agent("index=" + index + ",debug=true")),
                PrintNow.class.getName());
        assertThat(listed.exitCode).as(listed.toString()).isZero();
        assertThat(listed.out).contains("now 2000-01-01T00:00:00Z");
        assertThat(listed.err).contains("rewrote " + PrintNow.class.getName());

        List<String> lines = Files.readAllLines(index);
        // The header, the jar's line, the sums of its one class (name hash, length, CRC-32) and the end: it lists no
        // class, and says the jar's entry is this one.
        byte[] bytes;
        try (InputStream in = PrintNow.class.getResourceAsStream("PrintNow.class")) {
            bytes = in.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        String name = PrintNow.class.getName().replace('.', '/');
        Files.write(index, List.of(lines.get(0), lines.get(1),
                String.format("sums 1 %08x%08x%08x", name.hashCode(), bytes.length, (int) crc.getValue()),
                lines.get(lines.size() - 1)));
        ChildJvm unlisted = ChildJvm.runWithClassPath(classPath, List.of(agent("index=" + index + ",debug=true")),
                PrintNow.class.getName());
        assertThat(unlisted.exitCode).as(unlisted.toString()).isZero();
        assertThat(unlisted.out).startsWith("now ").doesNotContain("now 2000-01-01");
        assertThat(unlisted.err).doesNotContain("rewrote " + PrintNow.class.getName());
    }

    /** An index only spares work: a missing one is said once, and the program runs, every class checked. */
    @Test
    void aMissingClassIndexIsSaidOnceAndEveryClassIsChecked() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("index=no-such-index.txt")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).contains("slept PT1H now 2000-01-01T01:00:00Z");
        assertThat(jvm.err.lines()).containsExactly("[timescope agent] warning: option index=no-such-index.txt names"
                + " no file (" + Path.of("no-such-index.txt").toAbsolutePath() + "); make one with java -jar"
                + " timescope-agent.jar index no-such-index.txt <jars or class path>; without it the agent checks every"
                + " class as it loads, which only takes longer.");
    }

    @Test
    void aRenamedAgentJarStillWorksAndSaysWhy(@TempDir Path dir) throws Exception {
        Path renamed = dir.resolve("timescope.jar");
        Files.copy(Path.of(ChildJvm.AGENT_JAR), renamed, StandardCopyOption.REPLACE_EXISTING);
        ChildJvm jvm = ChildJvm.run(List.of("-javaagent:" + renamed), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).contains("slept PT1H");
        assertThat(jvm.err).contains("does not have the file name in its Boot-Class-Path manifest entry");
    }
}
