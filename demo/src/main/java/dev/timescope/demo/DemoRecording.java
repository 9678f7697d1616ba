package dev.timescope.demo;

import dev.timescope.dashboard.Dashboard;
import dev.timescope.dashboard.DashboardException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;

/**
 * Records the demo's day as timescope's JFR events and, when it ends, writes the recording and its dashboard
 * beside each other ({@code target/demo.jfr}, {@code target/demo.html}) and prints where they are.
 */
final class DemoRecording implements AutoCloseable {

    private static final List<String> EVENTS = List.of("dev.timescope.Scope", "dev.timescope.Task",
            "dev.timescope.TaskCancel", "dev.timescope.VirtualTimeDomain", "dev.timescope.ClockAdvance",
            "dev.timescope.Deadlock");

    private final Recording recording = new Recording();
    private final Path file;
    private final PrintStream out;

    DemoRecording(Path file, PrintStream out) {
        this.file = file;
        this.out = out;
        recording.setName("timescope demo");
        for (String event : EVENTS) {
            recording.enable(event).withoutThreshold();
        }
        recording.start();
    }

    @Override
    public void close() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        Path html = Dashboard.htmlPathFor(file);
        try {
            Dashboard.writeHtml(file, html);
            out.println("\nThe day's recording: " + file.toAbsolutePath() + "\nIts dashboard: " + html.toAbsolutePath());
        } catch (DashboardException e) {
            out.println("\nThe day's recording: " + file.toAbsolutePath() + " (no dashboard: " + e.getMessage() + ")");
        }
    }
}
