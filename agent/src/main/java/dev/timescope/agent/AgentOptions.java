package dev.timescope.agent;

import dev.timescope.internal.clock.GlobalSettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent's options: {@code -javaagent:timescope-agent.jar=key=value,key=value}. Parsed strictly: an
 * unknown key or a malformed value is an {@link AgentOptionException} that names it and lists what is
 * valid, and the JVM does not start (contract, section 6).
 *
 * <p>{@code mode=global} puts every application thread on one virtual clock from start-up; {@code start},
 * {@code rate} and {@code autoAdvance} set that clock and mean nothing without it, so they are refused without it.
 */
public final class AgentOptions {

    /** Every valid key, in the order the help text lists them. */
    static final List<String> KEYS = List.of("include", "exclude", "debug", "index", "mode", "start", "rate",
            "autoAdvance");
    /** The keys that set global mode's clock (contract, section 6): valid with {@code mode=global} only. */
    private static final Set<String> GLOBAL_CLOCK = Set.of("start", "rate", "autoAdvance");
    /**
     * The largest rate: a year of virtual time in about 32 s of real time, and the clock's horizon (about 292 years
     * after its start, section 6) in about two and a half hours.
     */
    static final long MAX_RATE = 1_000_000L;

    /** Compiled only when an option names classes: java.util.regex is not loaded for nothing at start-up. */
    private static final class ClassPattern {
        static final Pattern PATTERN =
                Pattern.compile("[\\p{javaJavaIdentifierPart}.$]*[\\p{javaJavaIdentifierPart}$](\\.\\*)?|[\\p{javaJavaIdentifierPart}.$]+\\.\\*");
    }

    final List<String> include;
    final List<String> exclude;
    final boolean debug;
    /** The class index to read ({@code index=<file>}), or null. */
    final String index;
    /** The global clock's settings with {@code mode=global}; null in the default mode (one clock per domain). */
    final GlobalSettings global;

    private AgentOptions(List<String> include, List<String> exclude, boolean debug, String index,
                         GlobalSettings global) {
        this.include = Collections.unmodifiableList(include);
        this.exclude = Collections.unmodifiableList(exclude);
        this.debug = debug;
        this.index = index;
        this.global = global;
    }

    /** Parses the text after {@code =} in {@code -javaagent:jar=...}; null or blank means defaults. */
    public static AgentOptions parse(String text) {
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean debug = false;
        String index = null;
        boolean global = false;
        Instant start = null;
        BigDecimal rate = null; // java.math is loaded only for a rate given: its initialization is slow on JDK 25
        boolean autoAdvance = false;
        Set<String> seen = new LinkedHashSet<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",", -1)) {
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).trim();
                if (!KEYS.contains(key)) {
                    throw new AgentOptionException("unknown option '" + key + "' in \"" + text + "\". " + validKeys());
                }
                if (eq < 0 || part.substring(eq + 1).isBlank()) {
                    throw new AgentOptionException("option '" + key + "' has no value; write " + key + "=<value>. "
                            + validKeys());
                }
                String value = part.substring(eq + 1).trim();
                boolean repeatable = key.equals("include") || key.equals("exclude");
                if (!seen.add(key) && !repeatable) {
                    throw new AgentOptionException("option '" + key + "' is given twice in \"" + text + "\"");
                }
                switch (key) {
                    case "include":
                        include.add(parseClassPattern(key, value));
                        break;
                    case "exclude":
                        exclude.add(parseClassPattern(key, value));
                        break;
                    case "debug":
                        debug = parseBoolean(key, value);
                        break;
                    case "index":
                        index = value;
                        break;
                    case "mode":
                        global = parseMode(value);
                        break;
                    case "start":
                        start = parseStart(value);
                        break;
                    case "rate":
                        rate = parseRate(value);
                        break;
                    case "autoAdvance":
                        autoAdvance = parseBoolean(key, value);
                        break;
                    default:
                        throw new AssertionError(key);
                }
            }
        }
        if (!global) {
            for (String key : seen) {
                if (GLOBAL_CLOCK.contains(key)) {
                    throw new AgentOptionException("option '" + key + "' sets the clock of global mode and needs"
                            + " mode=global (without it, each VirtualClock or @VirtualTime test has its own clock,"
                            + " set in code). " + validKeys());
                }
            }
        }
        return new AgentOptions(include, exclude, debug, index, global
                ? new GlobalSettings(start, rate == null ? BigDecimal.ONE : rate, autoAdvance) : null);
    }

    static String validKeys() {
        return "Valid options: include=<class or package.*> (repeatable), exclude=<class or package.*> (repeatable),"
                + " debug=true|false, index=<class index file, made by java -jar timescope-agent.jar index>,"
                + " mode=global|domains (default domains), and with mode=global:"
                + " start=<ISO-8601 instant, e.g. 2038-01-19T03:14:07Z> (default: now),"
                + " rate=<decimal from 0 to 1000000> (default 1; 0 freezes the clock),"
                + " autoAdvance=true|false (default false); separate them with commas.";
    }

    private static boolean parseMode(String value) {
        if (value.equals("global")) {
            return true;
        }
        if (value.equals("domains")) {
            return false;
        }
        throw new AgentOptionException("option mode=" + value + " is invalid; valid values: global (every application"
                + " thread on one virtual clock), domains (the default: one clock per VirtualClock or @VirtualTime"
                + " test)");
    }

    private static Instant parseStart(String value) {
        Instant start;
        try {
            start = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new AgentOptionException("option start=" + value + " is not an ISO-8601 instant; write it in UTC"
                    + " with a Z, e.g. start=2038-01-19T03:14:07Z");
        }
        String outOfRange = GlobalSettings.checkStart(start);
        if (outOfRange != null) {
            throw new AgentOptionException("option start=" + value + " is out of range: " + outOfRange);
        }
        return start;
    }

    private static BigDecimal parseRate(String value) {
        BigDecimal rate;
        try {
            rate = new BigDecimal(value);
        } catch (NumberFormatException e) {
            rate = null;
        }
        if (rate == null || rate.signum() < 0 || rate.compareTo(BigDecimal.valueOf(MAX_RATE)) > 0) {
            throw new AgentOptionException("option rate=" + value + " is invalid; valid values: a decimal number from 0"
                    + " to " + MAX_RATE + ", the virtual seconds that pass in one real second (1: as"
                    + " fast as real time, 60: a minute a second, 0.5: half as fast, 0: frozen)");
        }
        if (rate.signum() > 0 && rate.doubleValue() == 0) {
            throw new AgentOptionException("option rate=" + value + " is invalid: it is positive but too small to"
                    + " compute with (the smallest is about " + Double.MIN_VALUE + "); write rate=0 to freeze the clock");
        }
        return rate;
    }

    private static boolean parseBoolean(String key, String value) {
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new AgentOptionException("option " + key + "=" + value + " is invalid; valid values: true, false");
    }

    private static String parseClassPattern(String key, String value) {
        if (!ClassPattern.PATTERN.matcher(value).matches()) {
            throw new AgentOptionException("option " + key + "=" + value + " is not a class name or package pattern;"
                    + " write a class name (com.acme.Clock) or a package with its subpackages (com.acme.*)");
        }
        return value;
    }
}
