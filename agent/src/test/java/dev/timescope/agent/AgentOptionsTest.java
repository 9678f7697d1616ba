package dev.timescope.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Options are parsed strictly; every error names what is wrong and what would be right. */
class AgentOptionsTest {

    @Test
    void noOptionsMeanTheDefaults() {
        for (String none : new String[] {null, "", "  "}) {
            AgentOptions o = AgentOptions.parse(none);
            assertThat(o.mode()).isEqualTo(AgentOptions.Mode.DOMAIN);
            assertThat(o.include).isEmpty();
            assertThat(o.exclude).isEmpty();
            assertThat(o.debug).isFalse();
        }
    }

    @Test
    void everyOptionParses() {
        AgentOptions o = AgentOptions.parse("mode=global,start=2038-01-19T03:14:07Z,rate=60,autoAdvance=true");
        assertThat(o.mode()).isEqualTo(AgentOptions.Mode.GLOBAL);
        assertThat(o.start()).isEqualTo(Instant.parse("2038-01-19T03:14:07Z"));
        assertThat(o.rate()).isEqualTo(60.0);
        assertThat(o.autoAdvance()).isTrue();
        AgentOptions lists = AgentOptions.parse("include=com.acme.*,include=org.example.Clock,exclude=com.acme.legacy.*,debug=true");
        assertThat(lists.include).containsExactly("com.acme.*", "org.example.Clock");
        assertThat(lists.exclude).containsExactly("com.acme.legacy.*");
        assertThat(lists.debug).isTrue();
    }

    @Test
    void anUnknownKeyIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> AgentOptions.parse("rate=2,speed=3,mode=global"))
                .isInstanceOf(AgentOptionException.class)
                .hasMessageContaining("unknown option 'speed'")
                .hasMessageContaining("Valid options: mode=domain|global, start=<ISO-8601 instant>")
                .hasMessageContaining("debug=true|false");
    }

    @Test
    void everyMalformedValueIsNamedWithWhatWouldBeValid() {
        assertThatThrownBy(() -> AgentOptions.parse("mode=everywhere")).hasMessageContaining("mode=everywhere is invalid")
                .hasMessageContaining("domain").hasMessageContaining("global");
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,start=tomorrow"))
                .hasMessageContaining("start=tomorrow is not an ISO-8601 instant");
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,rate=fast")).hasMessageContaining("rate=fast is not a number");
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,rate=-1")).hasMessageContaining("rate=-1 is out of range");
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,rate=NaN")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> AgentOptions.parse("debug=yes")).hasMessageContaining("debug=yes is invalid; valid values: true, false");
        assertThatThrownBy(() -> AgentOptions.parse("include=com/acme")).hasMessageContaining("include=com/acme is not a class name");
        assertThatThrownBy(() -> AgentOptions.parse("debug")).hasMessageContaining("option 'debug' has no value");
        assertThatThrownBy(() -> AgentOptions.parse("debug=true,debug=false")).hasMessageContaining("given twice");
    }

    @Test
    void globalOnlyOptionsNeedGlobalMode() {
        assertThatThrownBy(() -> AgentOptions.parse("rate=60")).hasMessageContaining("'rate' only applies with mode=global");
    }
}
