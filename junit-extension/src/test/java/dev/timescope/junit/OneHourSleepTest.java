package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Contract section 2, first rows: every clock moves exactly with a sleep. */
@VirtualTime
class OneHourSleepTest {

    @Test
    void everyClockMovesExactlyOneHour(VirtualClock clock) throws InterruptedException {
        Instant instant = Instant.now();
        long millis = System.currentTimeMillis();
        long nanos = System.nanoTime();

        Thread.sleep(Duration.ofHours(1).toMillis());

        assertThat(Duration.between(instant, Instant.now())).isEqualTo(Duration.ofHours(1));
        assertThat(System.currentTimeMillis() - millis).isEqualTo(3_600_000L);
        assertThat(System.nanoTime() - nanos).isEqualTo(3_600_000_000_000L);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theClockStartsAtTheDefaultInstant(VirtualClock clock) {
        assertThat(Instant.now()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    @Test
    @VirtualTime(start = "2030-06-01T12:00:00Z")
    void aMethodAnnotationChoosesItsOwnStart() {
        assertThat(Instant.now()).isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
    }
}
