package dev.timescope.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.LeakPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Bad settings are refused with the setting's name and the value. */
class DomainOptionsTest {

    @Test
    void defaultsAreTheContractsDefaults() {
        DomainOptions o = DomainOptions.builder().build();
        assertThat(o.start).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(o.autoAdvance).isTrue();
        assertThat(o.deadlockGraceNanos).isEqualTo(1_000_000_000L);
        assertThat(o.advanceGraceNanos).isZero();
        assertThat(o.runawayLimit).isEqualTo(100_000);
        assertThat(o.leakPolicy).isEqualTo(LeakPolicy.FAIL);
    }

    @Test
    void everyBadValueIsNamed() {
        DomainOptions.Builder b = DomainOptions.builder();
        assertThatThrownBy(() -> b.start(Instant.MIN)).hasMessageContaining("startAt -1000000000-01-01T00:00:00Z is out of range");
        assertThatThrownBy(() -> b.start(null)).isInstanceOf(NullPointerException.class).hasMessage("startAt");
        assertThatThrownBy(() -> b.runawayLimit(0)).hasMessageContaining("runawayLimit 0 is invalid: it must be at least 1");
        assertThatThrownBy(() -> b.deadlockGrace(Duration.ofMillis(-1))).hasMessageContaining("deadlockGrace PT-0.001S");
        assertThatThrownBy(() -> b.advanceGrace(Duration.ofDays(365 * 300))).hasMessageContaining("advanceGrace")
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> b.leakPolicy(null)).isInstanceOf(NullPointerException.class);
    }
}
