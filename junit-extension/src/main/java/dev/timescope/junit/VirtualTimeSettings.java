package dev.timescope.junit;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link VirtualTime} that applies to a test, validated: a malformed attribute fails the test with a
 * message that names the attribute, the value and where it was written.
 */
final class VirtualTimeSettings {

    final Instant start;
    final boolean autoAdvance;
    final VirtualTime.Leaks onLeak;
    final Duration deadlockGrace;
    final int runawayLimit;
    final Duration stallWarning;
    final boolean realTimeWhileBusy;
    final Duration spinTick;

    private VirtualTimeSettings(VirtualTime annotation, Instant start, Duration deadlockGrace, Duration stallWarning,
                                Duration spinTick) {
        this.start = start;
        this.autoAdvance = annotation.autoAdvance();
        this.onLeak = annotation.onLeak();
        this.deadlockGrace = deadlockGrace;
        this.runawayLimit = annotation.runawayLimit();
        this.stallWarning = stallWarning;
        this.realTimeWhileBusy = annotation.realTimeWhileBusy();
        this.spinTick = spinTick;
    }

    /** The nearest annotation: the method's, then its class's, then the enclosing classes' (for @Nested). */
    static VirtualTimeSettings of(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<VirtualTime> found = c.get().getElement().flatMap(e -> Optional.ofNullable(
                    e.getAnnotation(VirtualTime.class)));
            if (found.isPresent()) {
                return parse(found.get(), c.get().getElement().get().toString());
            }
        }
        throw new ExtensionConfigurationException("VirtualTimeExtension was registered for " + context.getDisplayName()
                + " without a @VirtualTime annotation; annotate the test class or method with @VirtualTime instead");
    }

    static VirtualTimeSettings parse(VirtualTime annotation, String where) {
        Instant start;
        try {
            start = Instant.parse(annotation.start());
        } catch (DateTimeParseException e) {
            throw invalid(where, "start = \"" + annotation.start() + "\" is not an ISO-8601 instant; write it like"
                    + " \"2030-01-01T00:00:00Z\"", e);
        }
        Duration grace = duration(where, "deadlockGrace", annotation.deadlockGrace(), "\"PT1S\" or \"PT0.5S\"");
        Duration stall = duration(where, "stallWarning", annotation.stallWarning(), "\"PT10S\"");
        Duration tick = duration(where, "spinTick", annotation.spinTick(), "\"PT0.000001S\" (1 µs)");
        if (annotation.runawayLimit() < 1) {
            throw invalid(where, "runawayLimit = " + annotation.runawayLimit() + " is invalid; it must be at least 1",
                    null);
        }
        return new VirtualTimeSettings(annotation, start, grace, stall, tick);
    }

    /** An ISO-8601 duration attribute, zero or positive. */
    private static Duration duration(String where, String attribute, String value, String example) {
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(where, attribute + " = \"" + value + "\" is not an ISO-8601 duration; write it like " + example, e);
        }
        if (d.isNegative()) {
            throw invalid(where, attribute + " = \"" + value + "\" is negative; it must be zero or positive", null);
        }
        return d;
    }

    private static ExtensionConfigurationException invalid(String where, String what, Exception cause) {
        return new ExtensionConfigurationException("@VirtualTime on " + where + ": " + what, cause);
    }
}
