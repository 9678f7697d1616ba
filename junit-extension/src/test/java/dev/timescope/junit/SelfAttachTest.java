package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Without -javaagent, the extension self-attaches. Runs in its own Surefire execution whose JVM
 * has no -javaagent (see the pom): the first @VirtualTime test attaches the agent.
 */
@Tag("self-attach")
@VirtualTime
class SelfAttachTest {

    @Test
    void theAgentIsAttachedAtRunTimeAndTimeIsVirtual(VirtualClock clock) throws InterruptedException {
        assertThat(VirtualClock.isAgentInstalled()).isTrue();
        assertThat(dev.timescope.internal.AgentStatus.installedBy()).isEqualTo("self-attach");

        Thread.sleep(Duration.ofHours(2).toMillis()); // this class was loaded before the agent: it was retransformed

        assertThat(Instant.now()).isEqualTo(Instant.parse("2000-01-01T02:00:00Z"));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(2));
    }
}
