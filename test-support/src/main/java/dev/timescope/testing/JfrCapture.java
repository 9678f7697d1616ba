package dev.timescope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records timescope's JFR events while a test runs a piece of code, and reads them back from the recording
 * file, as a user's tools would.
 */
public final class JfrCapture implements AutoCloseable {

    /** The events of docs/events.md. */
    public static final List<String> TIMESCOPE_EVENTS = List.of("dev.timescope.Scope", "dev.timescope.Task",
            "dev.timescope.TaskCancel", "dev.timescope.VirtualTimeDomain", "dev.timescope.ClockAdvance",
            "dev.timescope.Deadlock");

    private final Recording recording = new Recording();
    private List<RecordedEvent> events;

    private JfrCapture() {
        for (String name : TIMESCOPE_EVENTS) {
            recording.enable(name);
        }
        recording.start();
    }

    /**
     * Starts a recording of timescope's events only.
     *
     * @return the capture; {@link #stop()} or close it
     */
    public static JfrCapture start() {
        return new JfrCapture();
    }

    /**
     * Stops the recording, writes it to a file and reads every event back (once; later calls return them again).
     *
     * @return the events, in the file's order
     */
    public List<RecordedEvent> stop() {
        if (events == null) {
            try {
                recording.stop();
                Path file = Files.createTempFile("timescope-test", ".jfr");
                try {
                    recording.dump(file);
                    events = RecordingFile.readAllEvents(file);
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                recording.close();
            }
        }
        return events;
    }

    /**
     * The recorded events of one type, once stopped.
     *
     * @param name the event's name, {@code dev.timescope.Task} for example
     * @return those events
     */
    public List<RecordedEvent> events(String name) {
        return stop().stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        stop();
    }
}
