package dev.timescope.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads timescope's events of a JFR recording into a {@link TaskTree}. Other events only tell where the recording
 * ends; events are matched by name, so fields added later are ignored and missing ones get neutral values.
 */
final class RecordingReader {

    private RecordingReader() {
    }

    static TaskTree read(Path recording) throws DashboardException {
        if (!Files.exists(recording)) {
            throw new DashboardException(recording + ": no such file");
        }
        if (Files.isDirectory(recording)) {
            throw new DashboardException(recording + ": is a directory, not a JFR recording");
        }
        if (!Files.isReadable(recording)) {
            throw new DashboardException(recording + ": cannot be read (permission denied)");
        }
        TreeBuilder builder = new TreeBuilder();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                builder.accept(event);
            }
        } catch (NoSuchFileException e) {
            throw new DashboardException(recording + ": no such file", e);
        } catch (IOException | RuntimeException e) {
            // RecordingFile reports a file of another format, a truncated or a corrupt one as IOException,
            // sometimes as an unchecked exception of its internals.
            if (builder.isEmpty() && builder.eventCount() == 0) {
                throw new DashboardException(recording + ": not a JFR recording (" + oneLine(e) + ")", e);
            }
            throw new DashboardException(recording + ": the recording is damaged after "
                    + builder.eventCount() + " events (" + oneLine(e) + ")", e);
        }
        if (builder.isEmpty()) {
            throw new DashboardException(recording + ": the recording has no timescope events (dev.timescope.*):"
                    + " record a program that uses timescope, with its events enabled (JFR's default and profile"
                    + " settings enable them)");
        }
        return builder.build(recording.getFileName().toString());
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
