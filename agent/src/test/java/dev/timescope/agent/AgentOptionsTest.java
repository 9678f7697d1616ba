package dev.timescope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Options are parsed strictly; every error names what is wrong and what would be right. */
class AgentOptionsTest {

    @Test
    void noOptionsMeanTheDefaults() {
        for (String none : new String[] {null, "", "  "}) {
            AgentOptions o = AgentOptions.parse(none);
            assertThat(o.include).isEmpty();
            assertThat(o.exclude).isEmpty();
            assertThat(o.debug).isFalse();
        }
    }

    @Test
    void everyOptionParses() {
        AgentOptions lists = AgentOptions.parse("include=com.acme.*,include=org.example.Clock,exclude=com.acme.legacy.*,debug=true");
        assertThat(lists.include).containsExactly("com.acme.*", "org.example.Clock");
        assertThat(lists.exclude).containsExactly("com.acme.legacy.*");
        assertThat(lists.debug).isTrue();
    }

    @Test
    void anUnknownKeyIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> AgentOptions.parse("debug=true,incldue=com.acme.*"))
                .isInstanceOf(AgentOptionException.class)
                .hasMessageContaining("unknown option 'incldue'")
                .hasMessageContaining("Valid options: include=<class or package.*> (repeatable),"
                        + " exclude=<class or package.*> (repeatable), debug=true|false");
    }

    @Test
    void theValidOptionsListedAreExactlyTheOnesAccepted() {
        String listed = AgentOptions.validKeys();
        for (String key : AgentOptions.KEYS) {
            assertThat(listed).contains(key + "=");
        }
        assertThat(listed).doesNotContain("global");
        for (String absent : new String[] {"mode", "start", "rate", "autoAdvance"}) {
            assertThat(listed).doesNotContain(absent + "=");
        }
    }

    @Test
    void globalModeOptionsAreRefusedAsNotAvailableInThisVersion() {
        for (String option : new String[] {"mode=global", "mode=domain", "start=2038-01-19T03:14:07Z", "rate=60",
                "autoAdvance=true"}) {
            String key = option.substring(0, option.indexOf('='));
            assertThatThrownBy(() -> AgentOptions.parse("debug=false," + option))
                    .isInstanceOf(AgentOptionException.class)
                    .hasMessageContaining("option '" + key + "' is not available in this version")
                    .hasMessageContaining("global mode, which is not built yet")
                    .hasMessageContaining("Valid options: include=")
                    .hasMessageNotContaining("mode=");
        }
    }

    @Test
    void everyMalformedValueIsNamedWithWhatWouldBeValid() {
        assertThatThrownBy(() -> AgentOptions.parse("debug=yes")).hasMessageContaining("debug=yes is invalid; valid values: true, false");
        assertThatThrownBy(() -> AgentOptions.parse("include=com/acme")).hasMessageContaining("include=com/acme is not a class name");
        assertThatThrownBy(() -> AgentOptions.parse("exclude=com.acme.*.Old")).hasMessageContaining("exclude=com.acme.*.Old is not a class name");
        assertThatThrownBy(() -> AgentOptions.parse("debug")).hasMessageContaining("option 'debug' has no value");
        assertThatThrownBy(() -> AgentOptions.parse("include=")).hasMessageContaining("option 'include' has no value");
        assertThatThrownBy(() -> AgentOptions.parse("debug=true,debug=false")).hasMessageContaining("given twice");
    }
}
