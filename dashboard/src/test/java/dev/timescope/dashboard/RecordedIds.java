package dev.timescope.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** What a recording says, read straight from it with the JDK's reader: the oracle the dashboard is checked against. */
public final class RecordedIds {

    private RecordedIds() {
    }

    /** Every task id the recording names: its task events, and the tasks others name as parent or cancelled. */
    public static Set<Long> tasks(Path recording) throws IOException {
        Set<Long> ids = new TreeSet<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            switch (e.getEventType().getName()) {
                case "dev.timescope.Task" -> {
                    ids.add(e.getLong("taskId"));
                    ids.add(e.getLong("parentTaskId"));
                }
                case "dev.timescope.Scope" -> ids.add(e.getLong("parentTaskId"));
                case "dev.timescope.TaskCancel" -> {
                    ids.add(e.getLong("taskId"));
                    ids.add(e.getLong("requesterTaskId"));
                }
                default -> {
                }
            }
        }
        ids.remove(0L);
        return ids;
    }
}
