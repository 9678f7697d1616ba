package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * When self-attach fails, the test fails with a message that shows the exact argLine to add.
 * Runs in its own Surefire execution, in a JVM started with -XX:-EnableDynamicAgentLoading (see the pom).
 */
@Tag("agent-refused")
class AgentRefusedTest {

    @Test
    void aRefusedAttachFailsTheTestWithTheArgLineToAdd() {
        List<Throwable> failures = TestKit.failures(TestKit.run(NeedsTheAgent.class));

        assertThat(failures).singleElement().isInstanceOf(ExtensionConfigurationException.class);
        assertThat(failures.get(0).getMessage())
                .contains("@VirtualTime needs the timescope agent")
                .contains("<argLine>-javaagent:${dev.timescope:timescope-agent:jar}</argLine>")
                .contains("Attaching it at run time failed");
    }

    @VirtualTime
    static class NeedsTheAgent {
        @Test
        void test() {
            // never runs: the extension cannot install the agent
        }
    }
}
