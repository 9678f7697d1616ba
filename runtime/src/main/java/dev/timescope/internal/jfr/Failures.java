package dev.timescope.internal.jfr;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** An exception as an event field: its class and message, and its stack trace, bounded. */
final class Failures {

    private static final int MAX_FRAMES = 64;
    private static final int MAX_CAUSES = 8;

    private Failures() {
    }

    /** {@code class: message}, or the class alone; null for null. */
    static String describe(Throwable t) {
        if (t == null) {
            return null;
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }

    /** The stack trace as {@code printStackTrace} prints it, with causes, at most 64 frames per exception. */
    static String stack(Throwable t) {
        if (t == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(1024);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = t;
        for (int depth = 0; current != null && depth < MAX_CAUSES && seen.add(current); depth++) {
            if (depth > 0) {
                out.append("Caused by: ");
            }
            out.append(describe(current)).append('\n');
            StackTraceElement[] frames = current.getStackTrace();
            int shown = Math.min(frames.length, MAX_FRAMES);
            for (int i = 0; i < shown; i++) {
                out.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > shown) {
                out.append("\t... ").append(frames.length - shown).append(" more\n");
            }
            current = current.getCause();
        }
        return out.toString();
    }
}
