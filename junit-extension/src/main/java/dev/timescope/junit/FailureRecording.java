package dev.timescope.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import jdk.jfr.Recording;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JFR recording of timescope's events (docs/events.md) around one {@code @VirtualTime} test, kept in a file
 * only if the test fails; opted into with the configuration parameter {@value #ENABLED}. The failure then carries
 * the file's path, once, as a suppressed {@link RecordingKept}, with the path of its dashboard when
 * {@code timescope-dashboard} is on the test class path.
 */
final class FailureRecording {

    /** The JUnit configuration parameter that turns it on: {@code true} or {@code false}. */
    static final String ENABLED = "timescope.recording.onFailure";
    /** The JUnit configuration parameter naming the folder; default {@code target/timescope} (Gradle: {@code build/timescope}). */
    static final String DIRECTORY = "timescope.recording.directory";

    private static final List<String> EVENTS = List.of("dev.timescope.Scope", "dev.timescope.Task",
            "dev.timescope.TaskCancel", "dev.timescope.VirtualTimeDomain", "dev.timescope.ClockAdvance",
            "dev.timescope.Deadlock");

    private final Recording recording;
    private final Path file;

    private FailureRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /**
     * Starts a recording for the test of {@code context} if the configuration asks for one.
     *
     * @param fileName the name of the file, without its folder and extension
     * @return the recording, or null when it is off
     * @throws ExtensionConfigurationException if the parameter is neither true nor false
     */
    static FailureRecording startIfWanted(ExtensionContext context, String fileName) {
        Optional<String> value = context.getConfigurationParameter(ENABLED).map(String::strip);
        if (value.isEmpty() || value.get().equalsIgnoreCase("false")) {
            return null;
        }
        if (!value.get().equalsIgnoreCase("true")) {
            throw new ExtensionConfigurationException("JUnit configuration parameter " + ENABLED + " = \""
                    + value.get() + "\" is invalid; it must be true or false");
        }
        Path directory = context.getConfigurationParameter(DIRECTORY).map(Paths::get).orElseGet(FailureRecording::buildFolder);
        Recording recording = new Recording();
        recording.setName("timescope " + fileName);
        for (String event : EVENTS) {
            recording.enable(event);
        }
        recording.start();
        return new FailureRecording(recording, directory.resolve(fileName + ".jfr"));
    }

    /**
     * Stops the recording; if {@code failure} is not null, writes it to its file and attaches the file's path to
     * the failure.
     *
     * @param failure what the test failed with, or null if it passed
     * @param loader the test's class loader, where the dashboard is looked for (see {@link FailureDashboard})
     */
    void finish(Throwable failure, ClassLoader loader) {
        try {
            recording.stop();
            if (failure != null) {
                Files.createDirectories(file.getParent());
                recording.dump(file);
                failure.addSuppressed(new RecordingKept("the JFR recording of this test is " + file.toAbsolutePath()
                        + FailureDashboard.writeBeside(file, loader)));
            }
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(new RecordingKept("the JFR recording of this test could not be written to "
                        + file.toAbsolutePath() + ": " + e));
            }
        } finally {
            recording.close();
        }
    }

    /** The build's output folder: Gradle's {@code build}, else Maven's {@code target}, under the working directory. */
    private static Path buildFolder() {
        boolean gradle = Files.exists(Paths.get("build.gradle")) || Files.exists(Paths.get("build.gradle.kts"));
        return Paths.get(gradle ? "build" : "target", "timescope");
    }

    /** Names the file a failed test's recording was kept in; attached to the failure, never thrown. */
    static final class RecordingKept extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RecordingKept(String message) {
            super(message, null, false, false);
        }
    }
}
