package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The runtime's tests run without the agent: a clock there would be a lie, so it is refused with the fix. */
class VirtualClockWithoutAgentTest {

    @Test
    void withoutTheAgentStartingAClockSaysWhatToAdd() {
        assertThat(VirtualClock.isAgentInstalled()).isFalse();
        assertThat(VirtualClock.current()).isEmpty();
        assertThatThrownBy(VirtualClock::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The timescope agent is not installed")
                .hasMessageContaining("-javaagent:/path/to/timescope-agent.jar")
                .hasMessageContaining("timescope-maven-plugin");
    }
}
