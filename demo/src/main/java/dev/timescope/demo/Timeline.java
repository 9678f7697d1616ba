package dev.timescope.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What happened when, on the clock the service sees: the demo's output, kept for its test too. */
final class Timeline {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE HH:mm:ss").withZone(ZoneOffset.UTC);

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final PrintStream out;

    Timeline(PrintStream out) {
        this.out = out;
    }

    void log(String who, String what) {
        String line = String.format("%s  %-10s %s", TIME.format(Instant.now()), who, what);
        lines.add(line);
        out.println(line);
    }

    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
