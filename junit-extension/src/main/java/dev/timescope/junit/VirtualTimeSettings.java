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

    private VirtualTimeSettings(Instant start, boolean autoAdvance, VirtualTime.Leaks onLeak, Duration deadlockGrace,
                                int runawayLimit) {
        this.start = start;
        this.autoAdvance = autoAdvance;
        this.onLeak = onLeak;
        this.deadlockGrace = deadlockGrace;
        this.runawayLimit = runawayLimit;
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
        Duration grace;
        try {
            grace = Duration.parse(annotation.deadlockGrace());
        } catch (DateTimeParseException e) {
            throw invalid(where, "deadlockGrace = \"" + annotation.deadlockGrace() + "\" is not an ISO-8601 duration;"
                    + " write it like \"PT1S\" or \"PT0.5S\"", e);
        }
        if (grace.isNegative()) {
            throw invalid(where, "deadlockGrace = \"" + annotation.deadlockGrace() + "\" is negative", null);
        }
        if (annotation.runawayLimit() < 1) {
            throw invalid(where, "runawayLimit = " + annotation.runawayLimit() + " is invalid; it must be at least 1",
                    null);
        }
        return new VirtualTimeSettings(start, annotation.autoAdvance(), annotation.onLeak(), grace,
                annotation.runawayLimit());
    }

    private static ExtensionConfigurationException invalid(String where, String what, Exception cause) {
        return new ExtensionConfigurationException("@VirtualTime on " + where + ": " + what, cause);
    }
}
