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
            assertThat(o.global).as("the default mode: one clock per domain").isNull();
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
    }

    @Test
    void globalModeTakesItsDefaults() {
        AgentOptions o = AgentOptions.parse("mode=global");
        assertThat(o.global).hasToString("mode=global,rate=1,autoAdvance=false");
        assertThat(AgentOptions.parse("mode=domains").global).isNull();
    }

    @Test
    void globalModeTakesEveryClockSetting() {
        assertThat(AgentOptions.parse("mode=global,start=2038-01-19T03:14:07Z,rate=0,autoAdvance=true").global)
                .hasToString("mode=global,start=2038-01-19T03:14:07Z,rate=0,autoAdvance=true");
        assertThat(AgentOptions.parse("rate=0.5,mode=global").global).hasToString("mode=global,rate=0.5,autoAdvance=false");
        assertThat(AgentOptions.parse("mode=global,rate=3600,debug=true").global)
                .hasToString("mode=global,rate=3600,autoAdvance=false");
        assertThat(AgentOptions.parse("mode=global,rate=1000000").global).hasToString(
                "mode=global,rate=1000000,autoAdvance=false");
        assertThat(AgentOptions.parse("mode=global,rate=1E-300").global.toString()).as("tiny, but a double")
                .isEqualTo("mode=global,rate=0." + "0".repeat(299) + "1,autoAdvance=false");
    }

    @Test
    void theGlobalClockSettingsNeedGlobalMode() {
        for (String option : new String[] {"start=2038-01-19T03:14:07Z", "rate=60", "autoAdvance=true"}) {
            String key = option.substring(0, option.indexOf('='));
            for (String mode : new String[] {"", ",mode=domains"}) {
                assertThatThrownBy(() -> AgentOptions.parse("debug=false," + option + mode))
                        .isInstanceOf(AgentOptionException.class)
                        .hasMessageContaining("option '" + key + "' sets the clock of global mode and needs mode=global")
                        .hasMessageContaining("Valid options: include=");
            }
        }
    }

    @Test
    void everyMalformedGlobalValueIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> AgentOptions.parse("mode=glbal")).isInstanceOf(AgentOptionException.class)
                .hasMessageContaining("option mode=glbal is invalid; valid values: global (every application thread on"
                        + " one virtual clock), domains (the default");
        for (String rate : new String[] {"-1", "fast", "NaN", "Infinity", "1e10", "1000001", "1e9", "0x10"}) {
            assertThatThrownBy(() -> AgentOptions.parse("mode=global,rate=" + rate))
                    .isInstanceOf(AgentOptionException.class)
                    .hasMessageContaining("option rate=" + rate + " is invalid; valid values: a decimal number from 0"
                            + " to 1000000,");
        }
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,rate=1E-400"))
                .isInstanceOf(AgentOptionException.class)
                .hasMessage("option rate=1E-400 is invalid: it is positive but too small to compute with (the smallest"
                        + " is about 4.9E-324); write rate=0 to freeze the clock");
        for (String start : new String[] {"2038-01-19", "2038-01-19T03:14:07", "tomorrow", "2038-01-19T03:14:07+01:00x"}) {
            assertThatThrownBy(() -> AgentOptions.parse("mode=global,start=" + start))
                    .isInstanceOf(AgentOptionException.class)
                    .hasMessageContaining("option start=" + start + " is not an ISO-8601 instant; write it in UTC with"
                            + " a Z, e.g. start=2038-01-19T03:14:07Z");
        }
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,start=+200000-01-01T00:00:00Z"))
                .hasMessageContaining("option start=+200000-01-01T00:00:00Z is out of range: valid instants are");
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,autoAdvance=yes"))
                .hasMessageContaining("autoAdvance=yes is invalid; valid values: true, false");
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,mode=global")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> AgentOptions.parse("mode=global,rate=")).hasMessageContaining("option 'rate' has no value");
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
