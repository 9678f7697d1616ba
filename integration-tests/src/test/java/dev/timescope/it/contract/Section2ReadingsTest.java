package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** virtual-time.md, section 2, first row: every clock a member can read is the domain's, and they agree. */
class Section2ReadingsTest {

    private static final Instant START = Instant.parse("2030-03-04T05:06:07.123456789Z");

    @Test
    void everyWallClockReadsTheDomainsInstant() {
        try (VirtualClock clock = VirtualClock.builder().startAt(START).start()) {
            Sleeps.sleep(Duration.ofHours(25));
            Instant expected = START.plus(Duration.ofHours(25));

            assertThat(Instant.now()).isEqualTo(expected);
            assertThat(Clock.systemUTC().instant()).isEqualTo(expected);
            assertThat(Clock.systemDefaultZone().instant()).isEqualTo(expected);
            assertThat(InstantSource.system().instant()).isEqualTo(expected);
            assertThat(Clock.systemUTC().millis()).isEqualTo(expected.toEpochMilli());
            assertThat(System.currentTimeMillis()).isEqualTo(expected.toEpochMilli());
            assertThat(new Date()).isEqualTo(Date.from(expected.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
            assertThat(LocalDateTime.now(ZoneOffset.UTC)).isEqualTo(LocalDateTime.ofInstant(expected, ZoneOffset.UTC));
            assertThat(LocalDate.now(ZoneOffset.UTC)).isEqualTo(LocalDate.of(2030, 3, 5));
            assertThat(LocalTime.now(ZoneOffset.UTC)).isEqualTo(LocalTime.of(6, 6, 7, 123_456_789));
            assertThat(ZonedDateTime.now(ZoneOffset.UTC).toInstant()).isEqualTo(expected);
            assertThat(OffsetDateTime.now(ZoneOffset.UTC).toInstant()).isEqualTo(expected);
            assertThat(clock.instant()).isEqualTo(expected);
        }
    }

    @Test
    void monotonicAndWallClocksMoveTogether() {
        try (VirtualClock clock = VirtualClock.start()) {
            long nanos = System.nanoTime();
            long millis = System.currentTimeMillis();
            Instant instant = Instant.now();
            for (long step : new long[] {1, 999, 1_000, 60_000, 86_400_000}) {
                Sleeps.sleep(Duration.ofMillis(step));
                long dn = System.nanoTime() - nanos;
                assertThat(System.currentTimeMillis() - millis).isEqualTo(dn / 1_000_000);
                assertThat(Duration.between(instant, Instant.now()).toNanos()).isEqualTo(dn);
                assertThat(clock.nanoTime()).isEqualTo(System.nanoTime());
            }
        }
    }

    @Test
    void methodReferencesToTheClocksAreRewrittenToo() {
        LongSupplier nanoTime = System::nanoTime;
        LongSupplier millis = System::currentTimeMillis;
        Supplier<Instant> now = Instant::now;
        try (VirtualClock clock = VirtualClock.start()) {
            long n0 = nanoTime.getAsLong();
            Sleeps.sleep(Duration.ofSeconds(42));
            assertThat(nanoTime.getAsLong() - n0).isEqualTo(42_000_000_000L);
            assertThat(millis.getAsLong()).isEqualTo(Instant.parse("2000-01-01T00:00:42Z").toEpochMilli());
            assertThat(now.get()).isEqualTo(Instant.parse("2000-01-01T00:00:42Z"));
        }
    }

    @Test
    void aClockObjectReadsTheReadingThreadsTime() throws InterruptedException {
        Clock utc;
        Instant[] seenOutside = new Instant[1];
        try (VirtualClock clock = VirtualClock.start()) {
            utc = Clock.systemUTC();
            assertThat(utc.instant()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        }
        Thread outside = new Thread(() -> seenOutside[0] = utc.instant());
        outside.start();
        outside.join();
        assertThat(seenOutside[0]).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void cpuWorkTakesNoVirtualTime() {
        try (VirtualClock clock = VirtualClock.start()) {
            long n0 = System.nanoTime();
            double x = 0;
            for (int i = 0; i < 2_000_000; i++) {
                x += Math.sqrt(i);
            }
            assertThat(x).isPositive();
            assertThat(System.nanoTime()).isEqualTo(n0);
        }
    }
}
