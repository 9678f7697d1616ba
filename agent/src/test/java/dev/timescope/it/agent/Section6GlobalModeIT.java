package dev.timescope.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global mode (contract, section 6): {@code -javaagent:timescope-agent.jar=mode=global,...} puts every application
 * thread of a JVM on one virtual clock, from its first instruction, with no domain opened in code. Each test starts
 * a JVM with the options and reads what its program printed.
 */
class Section6GlobalModeIT {

    private static final String START = "2038-01-19T03:14:07Z";

    private static String agent(String options) {
        return "-javaagent:" + ChildJvm.AGENT_JAR + "=" + options;
    }

    @Test
    void aFrozenClockThatAutoAdvancesReadsItsStartAndJumpsExactly() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("mode=global,start=" + START + ",rate=0,autoAdvance=true")),
                GlobalFrozenClock.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out.lines()).as(jvm.toString()).containsExactly(
                "start millis 2147483647000 instant " + START,
                "main has a clock: true",
                "after an hour: millis +3600000 nanos +3600000000000 instant 2038-01-19T04:14:07Z (+PT1H)",
                "ticks [2038-01-19T04:15:07Z, 2038-01-19T04:16:07Z, 2038-01-19T04:17:07Z]",
                "pool worker has a clock: [true, true, true]",
                "a new thread has a clock: true",
                "global clock at 2038-01-19T04:17:37Z, elapsed PT1H3M30S",
                "advanced to 2038-01-19T04:18:37Z",
                "VirtualClock.start() refused: this JVM runs in global mode (-javaagent:...=mode=global): every"
                        + " application thread is already on its one virtual clock, which VirtualClock.current() returns;"
                        + " a VirtualClock cannot be started inside it. Drive the global clock instead, or run the JVM"
                        + " without mode=global to give each test its own clock.",
                "close() refused: the global clock cannot be closed: it lasts as long as the JVM (mode=global)",
                "end 2038-01-19T04:18:37Z");
        assertThat(jvm.err).as("the agent says nothing when all is well").isEmpty();
    }

    /**
     * Real time is read only through a class left out of the rewriting, before the first virtual reading and after
     * the last, so the clock's bound is checked with no assumption on how long anything takes.
     */
    @Test
    void atRateSixtyATwoMinuteSleepTakesAboutTwoSeconds() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("mode=global,rate=60,exclude=dev.timescope.it.agent.RealTime")),
                GlobalRatedSleep.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.err).isEmpty();
        java.time.Duration slept = java.time.Duration.parse(line(jvm.out, "virtual ").split(" ")[1]);
        assertThat(slept).as(jvm.toString()).isGreaterThanOrEqualTo(java.time.Duration.ofMinutes(2));
        long realNanos = Long.parseLong(line(jvm.out, "real nanos ").substring("real nanos ".length()));
        assertThat(slept.toNanos()).as("at rate 60 the clock moves at most 60 times as far as real time")
                .isLessThanOrEqualTo(60 * realNanos + 1);
    }

    /**
     * A clock that runs by itself may pass an advance's target before the advance begins: the advance then returns
     * at once, and each one returns as its target is reached, with nothing to warn of.
     */
    @Test
    void advancingAClockThatRunsByItselfNeverFailsOnATargetItPassed() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("mode=global,rate=1000")), GlobalRatedAdvance.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).as(jvm.toString())
                .contains("advanced 200 steps of 10ms and one to the past; the clock moved at least 2s: true");
        assertThat(jvm.err).as(jvm.toString()).isEmpty();
    }

    @Test
    void aFrozenJvmWritesAReadableFlightRecordingAndExits(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("frozen.jfr");
        ChildJvm jvm = ChildJvm.run(List.of(agent("mode=global,start=" + START + ",rate=0"),
                        "-XX:StartFlightRecording=filename=" + recording + ",settings=default"),
                GlobalFrozenWithRecording.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).as(jvm.toString()).contains("frozen: true at " + START)
                .containsPattern("shutdown hook year (?!2038)\\d{4}");
        assertThat(jvm.err).as(jvm.toString()).isEmpty();
        assertThat(recording).exists();
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        assertThat(events).as("the recording is readable and has the JVM's own events").isNotEmpty();
        assertThat(events).anySatisfy(e -> assertThat(e.getEventType().getName()).isEqualTo("jdk.GarbageCollection"));
        int year = events.get(0).getStartTime().atZone(java.time.ZoneOffset.UTC).getYear();
        assertThat(year).as("JFR stays on real time").isNotEqualTo(2038);
    }

    /** Another agent's premain runs before the flight recording starts: both stay on real time; main does not. */
    @Test
    void anotherAgentAfterTimescopeLeavesTheFlightRecordingOnRealTime(@TempDir Path dir) throws Exception {
        Path secondAgent = dir.resolve("second-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", SecondAgent.class.getName());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(secondAgent), manifest)) {
            jar.flush(); // its class is on the class path
        }
        Path recording = dir.resolve("frozen.jfr");
        ChildJvm jvm = ChildJvm.run(List.of(agent("mode=global,start=" + START + ",rate=0"),
                        "-javaagent:" + secondAgent, "-XX:StartFlightRecording=filename=" + recording),
                GlobalFrozenWithRecording.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).as(jvm.toString()).contains("frozen: true at " + START)
                .contains("second agent loaded " + SecondAgent.Loaded.class.getName());
        assertThat(jvm.err).as(jvm.toString()).isEmpty();
        assertThat(recording).exists();
    }

    @Test
    void theJdksHttpServerAndClientWorkOnLoopbackWithTimeouts() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("mode=global,start=" + START)), GlobalHttp.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).as(jvm.toString())
                .containsPattern("GET /now 200 server clock 2038-01-19T03:14:\\S+ client clock 2038-01-19T03:14:")
                .contains("GET /now again 200 year 2038")
                .contains("GET /slow timed out: request timed out")
                .endsWith("done\n");
        assertThat(jvm.err).isEmpty();
    }

    /** A hang is reported: a frozen clock that nothing can move is named in a warning; the JVM goes on. */
    @Test
    void aStandstillOfTheFrozenClockIsReportedAndTheJvmGoesOn() throws Exception {
        List<String> command = List.of(System.getProperty("java.home") + "/bin/java",
                agent("mode=global,start=" + START + ",rate=0"), "-cp", System.getProperty("java.class.path"),
                GlobalStandstill.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            ExecutorService reading = Executors.newSingleThreadExecutor();
            Future<?> untilWarned = reading.submit(() -> {
                String l;
                while ((l = reader.readLine()) != null) {
                    out.append(l).append('\n');
                    if (l.contains("The JVM goes on waiting")) {
                        return null;
                    }
                }
                return null;
            });
            untilWarned.get(2, TimeUnit.MINUTES); // a safety net only: the warning comes after about a second
            reading.shutdown();
            assertThat(p.isAlive()).as("the JVM waits, as it would for a real hour").isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        String text = out.toString();
        assertThat(text).as(text).contains("waiting")
                .contains("timescope: deadlock in virtual-time domain \"global\" at 2038-01-19T03:14:07Z")
                .contains("auto-advance is off and no advance() is running, so the pending timer at"
                        + " 2038-01-19T04:14:07Z")
                .contains("\"sleeper\"")
                .contains("The JVM goes on waiting, as it would without timescope (global mode).");
    }

    /** A runaway is thrown by the thread driving the clock, naming the periodic task's site; the JVM goes on. */
    @Test
    void aThreadDrivingTheClockPastAPeriodicTaskThrowsARunawayNamingItsSite() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("mode=global,start=" + START + ",rate=0")),
                GlobalRunaway.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).as(jvm.toString())
                .contains("the same clock: true")
                .containsPattern("runUntilIdle threw: timescope: runaway timers in virtual-time domain \"global\": \\d+"
                        + " timers fired while the clock advanced from 2038-01-19T03:14:07Z")
                .containsPattern("advance threw: timescope: runaway timers in virtual-time domain \"global\": \\d+"
                        + " timers fired while the clock advanced from .* without reaching its target")
                .contains("every 1ms")
                .contains("GlobalRunaway.main(GlobalRunaway.java:")
                .contains("Make the periodic work stop, or advance in smaller steps.")
                .doesNotContain("runawayLimit")
                .endsWith("done\n");
        assertThat(jvm.err).as("the threads that drove the clock threw it: nothing is logged").isEmpty();
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with \"" + prefix + "\" in:\n" + out));
    }
}
