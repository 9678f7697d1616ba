package dev.timescope.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One file that workers, in any process, append lines to (aiotools' {@code exec_recorder}): each line is one
 * {@code write} to a file opened for appending, so lines from different processes do not mix.
 */
public final class Records {

    private Records() {
    }

    public static synchronized void append(String file, String line) {
        try {
            Files.write(Path.of(file), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> read(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** The records main context: its value is the records file, and it records its set-up and tear-down. */
    public static final class Main implements MainContext<String> {
        private final String file;

        public Main(Path file) {
            this.file = file.toString();
        }

        @Override
        public String setUp() {
            append(file, "main:setUp");
            return file;
        }

        @Override
        public void tearDown(String value, Signal stop) {
            append(file, "main:tearDown:" + stop);
        }
    }
}
