package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * When self-attach fails, the test fails with the JVM's reason and the lines to add: the Maven plugin, and the
 * -javaagent option with this machine's path to the agent jar. Runs in its own Surefire execution, in a JVM
 * started with -XX:-EnableDynamicAgentLoading (see the pom).
 */
@Tag("agent-refused")
class AgentRefusedTest {

    @Test
    void aRefusedAttachFailsTheTestWithTheReasonAndTheLinesToAdd() {
        List<Throwable> failures = TestKit.failures(TestKit.run(NeedsTheAgent.class));

        assertThat(failures).singleElement().isInstanceOf(ExtensionConfigurationException.class);
        String message = failures.get(0).getMessage();
        String jar = dev.timescope.agent.SelfAttach.agentJarPath();
        assertThat(jar).isNotNull();
        assertThat(new File(jar)).isAbsolute().isFile();
        assertThat(message)
                .startsWith("@VirtualTime needs the timescope agent, and this test JVM was started without it. It could"
                        + " not be attached at run time: this JVM does not allow an agent to be loaded at run time (it"
                        + " runs with -XX:-EnableDynamicAgentLoading).\n")
                .contains("<artifactId>timescope-maven-plugin</artifactId>")
                .contains("<version>" + dev.timescope.agent.SelfAttach.version() + "</version>")
                .contains("<goal>prepare-agent</goal>")
                .contains("\n    -javaagent:" + jar)
                .doesNotContain("bytebuddy");
    }

    @VirtualTime
    static class NeedsTheAgent {
        @Test
        void test() {
            // never runs: the extension cannot install the agent
        }
    }
}
