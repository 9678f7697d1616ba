package dev.timescope.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Collects what timescope logs (its {@code System.Logger} records, through java.util.logging, the default
 * backend) while it is open, instead of letting them reach the console: a test that provokes a warning asserts
 * on it, and a passing build prints nothing.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.start()) {
 *     ... provoke it ...
 *     assertThat(log.messages()).singleElement().asString().contains("...");
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger = Logger.getLogger("dev.timescope");
    private final boolean usedParentHandlers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        usedParentHandlers = logger.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record's message, with its level first ("WARNING: ..."). */
    public List<String> messages() {
        return records.stream().map(r -> r.getLevel() + ": " + r.getMessage()).collect(Collectors.toList());
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}
