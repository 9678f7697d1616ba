package dev.timescope.dashboard;

import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * Reads an event's fields by name, tolerantly: a missing field gives a neutral value, a field of an unexpected type
 * is converted where that makes sense. Events of later versions may carry more fields; those are ignored.
 */
final class Fields {

    private static final int MAX_FRAMES = 32;

    /** The field names of each event type: RecordedObject.hasField searches them anew on every call. */
    private static final Map<EventType, Set<String>> FIELDS = Collections.synchronizedMap(new WeakHashMap<>());

    private Fields() {
    }

    static boolean has(RecordedEvent event, String field) {
        return FIELDS.computeIfAbsent(event.getEventType(), type -> {
            Set<String> names = new HashSet<>();
            for (ValueDescriptor v : type.getFields()) {
                names.add(v.getName());
            }
            return names;
        }).contains(field);
    }

    static long longOf(RecordedEvent event, String field) {
        if (!has(event, field)) {
            return 0;
        }
        Object value = event.getValue(field);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static String stringOf(RecordedEvent event, String field) {
        if (!has(event, field)) {
            return null;
        }
        Object value = event.getValue(field);
        return value == null ? null : value.toString();
    }

    /** A virtual instant as epoch milliseconds, or {@link Node#NO_VIRTUAL_TIME} when the event has none. */
    static long instantMillisOf(RecordedEvent event, String field) {
        if (!has(event, field)) {
            return Node.NO_VIRTUAL_TIME;
        }
        try {
            Instant instant = event.getInstant(field);
            return instant.toEpochMilli();
        } catch (IllegalArgumentException e) {
            // Not annotated as a timestamp: take the number as epoch milliseconds, as the contract promises.
            long value = longOf(event, field);
            return value == 0 ? Node.NO_VIRTUAL_TIME : value;
        }
    }

    /** A virtual duration in nanoseconds, 0 when the event has none. */
    static long durationNanosOf(RecordedEvent event, String field) {
        if (!has(event, field)) {
            return 0;
        }
        try {
            return event.getDuration(field).toNanos();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Math.max(0, longOf(event, field));
        }
    }

    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static String threadOf(RecordedEvent event) {
        if (!has(event, "eventThread")) {
            return null;
        }
        RecordedThread thread = event.getThread();
        if (thread == null) {
            return null;
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? null : name;
    }

    /** The event's stack trace as text, one frame a line, or null when it was recorded without one. */
    static String stackTraceOf(RecordedEvent event) {
        RecordedStackTrace trace = event.getStackTrace();
        if (trace == null || trace.getFrames().isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (RecordedFrame frame : trace.getFrames()) {
            if (shown == MAX_FRAMES) {
                text.append("...\n");
                break;
            }
            if (!frame.isJavaFrame() || frame.getMethod() == null) {
                continue;
            }
            text.append("at ").append(frame.getMethod().getType().getName()).append('.')
                    .append(frame.getMethod().getName());
            if (frame.getLineNumber() > 0) {
                text.append(':').append(frame.getLineNumber());
            }
            text.append('\n');
            shown++;
        }
        return text.length() == 0 ? null : text.toString();
    }
}
