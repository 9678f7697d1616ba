package dev.timescope.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import org.junit.jupiter.api.Test;

class AgentArgLineTest {

    private static final File AGENT = new File("/repo/dev/timescope/timescope-agent/1.0/timescope-agent-1.0.jar");

    @Test
    void pointsJavaagentAtTheJarsAbsolutePath() {
        assertThat(AgentArgLine.javaagent(AGENT, null)).isEqualTo("-javaagent:" + AGENT.getAbsolutePath());
        assertThat(AgentArgLine.javaagent(new File("agent.jar"), null))
                .isEqualTo("-javaagent:" + new File("agent.jar").getAbsolutePath());
    }

    @Test
    void appendsTheOptionsAfterAnEqualsSign() {
        assertThat(AgentArgLine.javaagent(AGENT, "include=com.acme.*,debug=true"))
                .isEqualTo("-javaagent:" + AGENT.getAbsolutePath() + "=include=com.acme.*,debug=true");
    }

    @Test
    void blankOptionsAreNoOptions() {
        assertThat(AgentArgLine.javaagent(AGENT, "")).isEqualTo("-javaagent:" + AGENT.getAbsolutePath());
        assertThat(AgentArgLine.javaagent(AGENT, " \n ")).isEqualTo("-javaagent:" + AGENT.getAbsolutePath());
    }

    @Test
    void dropsWhitespaceAroundPairsSoOptionsMaySpanLines() {
        assertThat(AgentArgLine.normalizeOptions("\n  include = com.acme.* ,\n  exclude=com.acme.Clock,\n debug=true\n"))
                .isEqualTo("include=com.acme.*,exclude=com.acme.Clock,debug=true");
    }

    @Test
    void rejectsAnUnknownOptionNamingItAndTheValidOnes() {
        assertThatThrownBy(() -> AgentArgLine.normalizeOptions("includes=com.acme.*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"includes=com.acme.*\"")
                .hasMessageContaining("unknown option 'includes'")
                .hasMessageContaining("include=<class or package.*>")
                .hasMessageContaining("exclude=<class or package.*>")
                .hasMessageContaining("debug=true|false");
    }

    @Test
    void rejectsAMalformedValueNamingIt() {
        assertThatThrownBy(() -> AgentArgLine.normalizeOptions("include=com.acme .*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("include=com.acme .*")
                .hasMessageContaining("not a class name or package pattern");
        assertThatThrownBy(() -> AgentArgLine.normalizeOptions("debug=yes"))
                .hasMessageContaining("debug=yes")
                .hasMessageContaining("valid values: true, false");
        assertThatThrownBy(() -> AgentArgLine.normalizeOptions("debug"))
                .hasMessageContaining("option 'debug' has no value");
        assertThatThrownBy(() -> AgentArgLine.normalizeOptions("debug=true,"))
                .hasMessageContaining("unknown option ''");
    }

    @Test
    void quotesAnArgumentWithWhitespaceInDoubleQuotes() {
        assertThat(AgentArgLine.quote("-javaagent:/home/a user/agent.jar")).isEqualTo("\"-javaagent:/home/a user/agent.jar\"");
        assertThat(AgentArgLine.quote("-javaagent:C:\\Users\\a user\\agent.jar"))
                .isEqualTo("\"-javaagent:C:\\Users\\a user\\agent.jar\"");
        assertThat(AgentArgLine.javaagent(new File("/home/a user/agent.jar"), "debug=true"))
                .isEqualTo("\"-javaagent:" + new File("/home/a user/agent.jar").getAbsolutePath() + "=debug=true\"");
    }

    @Test
    void quotesAnArgumentWithAQuote() {
        assertThat(AgentArgLine.quote("-javaagent:/home/o'neil/agent.jar")).isEqualTo("\"-javaagent:/home/o'neil/agent.jar\"");
        assertThat(AgentArgLine.quote("-javaagent:/tmp/\"q\"/agent.jar")).isEqualTo("'-javaagent:/tmp/\"q\"/agent.jar'");
    }

    @Test
    void leavesAPlainArgumentAsItIs() {
        assertThat(AgentArgLine.quote("-javaagent:/repo/agent.jar=debug=true")).isEqualTo("-javaagent:/repo/agent.jar=debug=true");
    }

    @Test
    void rejectsAnArgumentWithBothQuotes() {
        assertThatThrownBy(() -> AgentArgLine.quote("-javaagent:/tmp/o'neil \"q\"/agent.jar"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/tmp/o'neil \"q\"/agent.jar")
                .hasMessageContaining("-Dmaven.repo.local");
    }

    @Test
    void appendsToWhatTheLineHolds() {
        assertThat(AgentArgLine.append(null, "-javaagent:/a.jar")).isEqualTo("-javaagent:/a.jar");
        assertThat(AgentArgLine.append("  ", "-javaagent:/a.jar")).isEqualTo("-javaagent:/a.jar");
        assertThat(AgentArgLine.append("-Xmx1g -Dx=\"a b\"  ", "-javaagent:/a.jar"))
                .isEqualTo("-Xmx1g -Dx=\"a b\" -javaagent:/a.jar");
    }

    @Test
    void doesNotAddTheSameArgumentTwice() {
        assertThat(AgentArgLine.append("-Xmx1g -javaagent:/a.jar", "-javaagent:/a.jar")).isEqualTo("-Xmx1g -javaagent:/a.jar");
        assertThat(AgentArgLine.append("-javaagent:/a.jar\n-Xmx1g", "-javaagent:/a.jar")).isEqualTo("-javaagent:/a.jar\n-Xmx1g");
        assertThat(AgentArgLine.append("\"-javaagent:/a b.jar\"", "\"-javaagent:/a b.jar\"")).isEqualTo("\"-javaagent:/a b.jar\"");
    }

    @Test
    void addsTheArgumentWhenTheLineHoldsOnlySomethingLikeIt() {
        assertThat(AgentArgLine.append("-javaagent:/a.jar=debug=true", "-javaagent:/a.jar"))
                .isEqualTo("-javaagent:/a.jar=debug=true -javaagent:/a.jar");
        assertThat(AgentArgLine.append("-javaagent:/b/a.jar", "-javaagent:/a.jar"))
                .isEqualTo("-javaagent:/b/a.jar -javaagent:/a.jar");
    }
}
