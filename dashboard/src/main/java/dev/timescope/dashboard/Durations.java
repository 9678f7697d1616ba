package dev.timescope.dashboard;

import java.util.Locale;

/** Durations as people read them: {@code 3 s}, {@code 1.25 s}, {@code 850 ms}, {@code 2 h 5 min}. */
final class Durations {

    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private Durations() {
    }

    static String format(long nanos) {
        if (nanos < 0) {
            return "-" + format(-nanos);
        }
        if (nanos < MICRO) {
            return nanos + " ns";
        }
        if (nanos < MILLI) {
            return decimal(nanos, MICRO) + " \u00b5s";
        }
        if (nanos < SECOND) {
            return decimal(nanos, MILLI) + " ms";
        }
        if (nanos < MINUTE) {
            return decimal(nanos, SECOND) + " s";
        }
        if (nanos < HOUR) {
            return two(nanos / MINUTE, "min", nanos % MINUTE / SECOND, "s");
        }
        if (nanos < DAY) {
            return two(nanos / HOUR, "h", nanos % HOUR / MINUTE, "min");
        }
        return two(nanos / DAY, "d", nanos % DAY / HOUR, "h");
    }

    private static String two(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + " " + majorUnit : major + " " + majorUnit + " " + minor + " " + minorUnit;
    }

    /** Up to three significant digits, trailing zeros dropped: 1.25, 12.5, 125. */
    private static String decimal(long nanos, long unit) {
        double value = (double) nanos / unit;
        String text = value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text;
    }
}
