package dev.timescope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.dashboard.Dashboard;
import dev.timescope.dashboard.HeadlessChromium;
import dev.timescope.dashboard.RecordedIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo records its day and its quick start and writes their dashboard; headless Chromium opens the page. */
class DemoDashboardTest {

    @TempDir
    Path dir;

    @Test
    void theDashboardOfTheDemosRecordingHasEveryTaskAndSearchNarrowsItsRows() throws Exception {
        Path jfr = dir.resolve("demo.jfr");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoRecording recording = new DemoRecording(jfr, new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            DemoMain.run(new PrintStream(OutputStream.nullOutputStream()));
        } finally {
            recording.close();
        }
        Path html = Dashboard.htmlPathFor(jfr);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Its dashboard: " + html.toAbsolutePath());
        Set<Long> tasks = RecordedIds.tasks(jfr);
        // The day's batch (3), checkout attempts (4 x 2 + 2) and cache refreshes (3 x 3), and the quick start (3).
        assertThat(tasks).hasSize(3 + 10 + 9 + 3);
        try (HeadlessChromium browser = HeadlessChromium.startOrSkip()) {
            browser.open(html);
            List<String> keys = new ArrayList<>();
            browser.eval("timescope.keys()").forEach(k -> keys.add(k.asText()));
            assertThat(keys).containsAll(tasks.stream().map(id -> "t" + id).toList());
            int all = browser.eval("timescope.visibleRows()").asInt();
            // The five charge-card tasks of the checkout attempts, shown under their groups and their domain.
            List<String> chargeCards = chargeCardKeys(jfr);
            assertThat(chargeCards).hasSize(5);
            int narrowed = browser.eval("timescope.search('charge card')").asInt();
            assertThat(narrowed).isEqualTo(5 + 5 + 1).isLessThan(all);
            assertThat(browser.eval("timescope.matched").asInt()).isEqualTo(5);
            List<String> visible = new ArrayList<>();
            browser.eval("timescope.visibleKeys()").forEach(k -> visible.add(k.asText()));
            assertThat(visible).containsAll(chargeCards);
            assertThat(browser.problems()).isEmpty();
        }
    }

    /** The keys the page gives the recording's tasks named "charge card", read with the JDK's own reader. */
    private static List<String> chargeCardKeys(Path jfr) throws IOException {
        List<String> keys = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("dev.timescope.Task") && "charge card".equals(e.getString("name"))) {
                keys.add("t" + e.getLong("taskId"));
            }
        }
        return keys;
    }
}
