package dev.timescope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.dashboard.Dashboard;
import dev.timescope.dashboard.HeadlessChromium;
import dev.timescope.dashboard.RecordedIds;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo records its quick start and writes its dashboard; headless Chromium opens the page. */
class DemoDashboardTest {

    @TempDir
    Path dir;

    @Test
    void theDashboardOfTheDemosRecordingHasEveryTaskAndSearchNarrowsItsRows() throws Exception {
        Path jfr = dir.resolve("demo.jfr");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoRecording recording = new DemoRecording(jfr, new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (VirtualClock clock = VirtualClock.start()) {
            new Quickstart(new PrintStream(OutputStream.nullOutputStream())).run();
        } finally {
            recording.close();
        }
        // Before the runtime records its events there is nothing to draw; once it does, this test runs in full.
        Assumptions.assumeTrue(FlightRecorder.getFlightRecorder().getEventTypes().stream().map(EventType::getName)
                .anyMatch("dev.timescope.Task"::equals), "this build's timescope-runtime records no dev.timescope.Task events");

        Path html = Dashboard.htmlPathFor(jfr);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Its dashboard: " + html.toAbsolutePath());
        Set<Long> tasks = RecordedIds.tasks(jfr);
        assertThat(tasks).hasSize(3);
        try (HeadlessChromium browser = HeadlessChromium.startOrSkip()) {
            browser.open(html);
            List<String> keys = new ArrayList<>();
            browser.eval("timescope.keys()").forEach(k -> keys.add(k.asText()));
            assertThat(keys).containsAll(tasks.stream().map(id -> "t" + id).toList());
            int all = browser.eval("timescope.visibleRows()").asInt();
            long one = tasks.iterator().next();
            // One task and the rows above it: its scope and its domain.
            assertThat(browser.eval("timescope.search('#" + one + "')").asInt()).isEqualTo(3).isLessThan(all);
            assertThat(browser.problems()).isEmpty();
        }
    }
}
