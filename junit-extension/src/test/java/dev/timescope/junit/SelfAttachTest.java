package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Without -javaagent, the extension self-attaches. Runs in its own Surefire execution whose JVM
 * has no -javaagent (see the pom): the first @VirtualTime test attaches the agent, and says once how to
 * start the JVM with it instead.
 */
@Tag("self-attach")
class SelfAttachTest {

    @Test
    void theAgentIsAttachedAtRunTimeWithOneWarningThatSaysHowToAddIt() {
        try (LogCapture log = LogCapture.start()) {
            TestKit.assertAllSucceeded(TestKit.run(AttachesTheAgent.class), 3);

            assertThat(log.messages()).as("one warning, for the first test only").singleElement().asString()
                    .startsWith("WARNING: timescope: the agent was not on this test JVM's command line, so it was"
                            + " attached at run time.")
                    .contains("\"Sharing is only supported for boot loader classes because bootstrap classpath has"
                            + " been appended\"")
                    .contains("<artifactId>timescope-maven-plugin</artifactId>")
                    .contains("<goal>prepare-agent</goal>")
                    .contains("\n    -javaagent:" + dev.timescope.agent.SelfAttach.agentJarPath());
        }
    }

    /** Run through the test kit above; loaded before the agent is attached. */
    @VirtualTime
    static class AttachesTheAgent {

        @Test
        void theAgentIsAttachedAtRunTimeAndTimeIsVirtual(VirtualClock clock) throws InterruptedException {
            assertThat(VirtualClock.isAgentInstalled()).isTrue();
            assertThat(dev.timescope.internal.AgentStatus.installedBy()).isEqualTo("self-attach");

            Thread.sleep(Duration.ofHours(2).toMillis()); // this class was loaded before the agent: it was retransformed

            assertThat(Instant.now()).isEqualTo(Instant.parse("2000-01-01T02:00:00Z"));
            assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(2));
        }

        @Test
        void aLaterTestFindsItInstalled(VirtualClock clock) throws InterruptedException {
            Thread.sleep(Duration.ofMinutes(5).toMillis());
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(5));
        }

        /** The attach ran a helper process, whose reaper thread (a pool's) started before the agent was in place. */
        @Test
        void aProcessStartedInATestIsAwaitedAndTheClockMovesOn(VirtualClock clock) throws Exception {
            assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
            Thread.sleep(Duration.ofMinutes(1).toMillis());
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(1));
        }
    }
}
