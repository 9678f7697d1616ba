package dev.timescope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's quickstart prints the story of the docs and takes exactly 3 s of virtual time. */
class QuickstartTest {

    @Test
    void printsTheStoryInExactlyThreeVirtualSeconds() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VirtualClock clock = VirtualClock.start()) {
            new Quickstart(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "Beta done after 1 s", "Beta says Beta", "Alpha done after 2 s", "Gamma done after 3 s", "Alpha, Beta, Gamma");
    }
}
