package dev.timescope.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void anUnknownOptionStopsTheJvmNamingItAndTheValidOnes() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("debug=true,speed=3")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).isEqualTo(1);
        assertThat(jvm.out).doesNotContain("slept");
        assertThat(jvm.err).contains("[timescope agent] error: unknown option 'speed'")
                .contains("Valid options: mode=domain|global")
                .contains("the JVM does not start with an invalid -javaagent option");
    }

    @Test
    void aMalformedValueStopsTheJvmNamingIt() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("debug=maybe")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).isEqualTo(1);
        assertThat(jvm.err).contains("option debug=maybe is invalid; valid values: true, false");
    }

    @Test
    void globalModeIsRefusedAtStartUpSayingItIsNotBuiltYet() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("mode=global,rate=60")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).isEqualTo(1);
        assertThat(jvm.err).contains("mode=global is not available yet in this build");
    }

    @Test
    void debugListsTheClassesRewritten() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("debug=true")), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.err).contains("[timescope agent] rewrote dev.timescope.it.agent.SleepAnHour")
                .contains("rewrote java.util.concurrent.");
    }

    @Test
    void anExcludedClassReadsRealTimeWhileTheJdkItCallsStaysVirtual() throws Exception {
        ChildJvm jvm = ChildJvm.run(List.of(agent("exclude=dev.timescope.it.agent.ClockProbe")), ClockProbe.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).contains("Instant.now() year 2000").doesNotContain("currentTimeMillis() year 2000");
        ChildJvm included = ChildJvm.run(List.of(agent(null)), ClockProbe.class.getName());
        assertThat(included.out).contains("Instant.now() year 2000").contains("currentTimeMillis() year 2000");
    }

    @Test
    void aRenamedAgentJarStillWorksAndSaysWhy() throws Exception {
        Path renamed = Files.createTempDirectory("renamed").resolve("timescope.jar");
        Files.copy(Path.of(ChildJvm.AGENT_JAR), renamed, StandardCopyOption.REPLACE_EXISTING);
        ChildJvm jvm = ChildJvm.run(List.of("-javaagent:" + renamed), SleepAnHour.class.getName());
        assertThat(jvm.exitCode).as(jvm.toString()).isZero();
        assertThat(jvm.out).contains("slept PT1H");
        assertThat(jvm.err).contains("does not have the file name in its Boot-Class-Path manifest entry");
    }
}
