package dev.timescope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The demo's day, under the agent as the demo runs: exact, and the same every time. */
class DayInTheLifeTest {

    private static Timeline runDay() throws InterruptedException {
        Timeline timeline = new Timeline(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (VirtualClock clock = VirtualClock.builder().startAt(Instant.parse("2030-01-07T00:00:00Z")).start()) {
            new DayInTheLife(timeline).run();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(24));
        }
        return timeline;
    }

    @RepeatedTest(20)
    void theDayHappensAtExactVirtualTimesEveryTime() throws InterruptedException {
        assertThat(runDay().lines()).containsExactly(
                "Mon 02:00:00  batch      waiting for tonight's input, at most 10 minutes",
                "Mon 02:07:00  upstream   input delivered",
                "Mon 02:07:00  batch      input arrived; processing",
                "Mon 02:52:00  batch      done",
                "Mon 04:00:00  heartbeat  alive, 4h into the day",
                "Mon 05:00:00  refresher  cache refreshed; entries valid until 10:00",
                "Mon 08:00:00  heartbeat  alive, 8h into the day",
                "Mon 09:00:00  client     attempt 1 failed; retrying in 1s",
                "Mon 09:00:01  client     attempt 2 failed; retrying in 2s",
                "Mon 09:00:03  client     attempt 3 failed; retrying in 4s",
                "Mon 09:00:07  client     attempt 4 failed; retrying in 8s",
                "Mon 09:00:15  client     attempt 5 succeeded",
                "Mon 10:00:00  refresher  cache refreshed; entries valid until 15:00",
                "Mon 12:00:00  heartbeat  alive, 12h into the day",
                "Mon 15:00:01  refresher  cache refreshed (ap kept its old entries); entries valid until 20:00",
                "Mon 16:00:00  heartbeat  alive, 16h into the day",
                "Mon 20:00:00  heartbeat  alive, 20h into the day",
                "Tue 00:00:00  heartbeat  alive, 24h into the day");
    }

    @Test
    void theDemoDescribesDurationsReadably() {
        assertThat(DemoMain.describe(Duration.ofHours(24).plusMinutes(5))).isEqualTo("24 h 5 min");
    }
}
