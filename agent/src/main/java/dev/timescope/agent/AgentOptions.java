package dev.timescope.agent;

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
 */
public final class AgentOptions {

    /** Every valid key, in the order the help text lists them. */
    static final List<String> KEYS = List.of("mode", "start", "rate", "autoAdvance", "include", "exclude", "debug");
    private static final Set<String> GLOBAL_ONLY = Set.of("start", "rate", "autoAdvance");
    private static final Pattern CLASS_PATTERN =
            Pattern.compile("[\\p{javaJavaIdentifierPart}.$]*[\\p{javaJavaIdentifierPart}$](\\.\\*)?|[\\p{javaJavaIdentifierPart}.$]+\\.\\*");

    public enum Mode { DOMAIN, GLOBAL }

    final Mode mode;
    final Instant start;
    final double rate;
    final boolean autoAdvance;
    final List<String> include;
    final List<String> exclude;
    final boolean debug;

    private AgentOptions(Mode mode, Instant start, double rate, boolean autoAdvance, List<String> include,
                         List<String> exclude, boolean debug) {
        this.mode = mode;
        this.start = start;
        this.rate = rate;
        this.autoAdvance = autoAdvance;
        this.include = Collections.unmodifiableList(include);
        this.exclude = Collections.unmodifiableList(exclude);
        this.debug = debug;
    }

    public Mode mode() {
        return mode;
    }

    public Instant start() {
        return start;
    }

    public double rate() {
        return rate;
    }

    public boolean autoAdvance() {
        return autoAdvance;
    }

    /** Parses the text after {@code =} in {@code -javaagent:jar=...}; null or blank means defaults. */
    public static AgentOptions parse(String text) {
        Mode mode = Mode.DOMAIN;
        Instant start = null;
        double rate = 1;
        boolean autoAdvance = false;
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean debug = false;
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
                    case "mode":
                        mode = parseMode(value);
                        break;
                    case "start":
                        start = parseInstant(value);
                        break;
                    case "rate":
                        rate = parseRate(value);
                        break;
                    case "autoAdvance":
                        autoAdvance = parseBoolean(key, value);
                        break;
                    case "include":
                        include.add(parseClassPattern(key, value));
                        break;
                    case "exclude":
                        exclude.add(parseClassPattern(key, value));
                        break;
                    case "debug":
                        debug = parseBoolean(key, value);
                        break;
                    default:
                        throw new AssertionError(key);
                }
            }
        }
        if (mode != Mode.GLOBAL) {
            for (String key : seen) {
                if (GLOBAL_ONLY.contains(key)) {
                    throw new AgentOptionException("option '" + key + "' only applies with mode=global; add mode=global,"
                            + " or remove it (in the default mode each VirtualClock or @VirtualTime sets its own clock)");
                }
            }
        }
        return new AgentOptions(mode, start, rate, autoAdvance, include, exclude, debug);
    }

    static String validKeys() {
        return "Valid options: mode=domain|global, start=<ISO-8601 instant> (global), rate=<number >= 0> (global),"
                + " autoAdvance=true|false (global), include=<class or package.*> (repeatable),"
                + " exclude=<class or package.*> (repeatable), debug=true|false.";
    }

    private static Mode parseMode(String value) {
        switch (value) {
            case "domain":
                return Mode.DOMAIN;
            case "global":
                return Mode.GLOBAL;
            default:
                throw new AgentOptionException("option mode=" + value + " is invalid; valid values: domain (the default:"
                        + " virtual time only inside VirtualClock/@VirtualTime domains), global (the whole JVM)");
        }
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new AgentOptionException("option start=" + value + " is not an ISO-8601 instant; write it like"
                    + " start=2038-01-19T03:14:07Z");
        }
    }

    private static double parseRate(String value) {
        double rate;
        try {
            rate = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new AgentOptionException("option rate=" + value + " is not a number; write a number >= 0 such as"
                    + " rate=60 (one real second is a virtual minute), rate=1 (real speed) or rate=0 (frozen)");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new AgentOptionException("option rate=" + value + " is out of range; it must be a finite number >= 0");
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
        if (!CLASS_PATTERN.matcher(value).matches()) {
            throw new AgentOptionException("option " + key + "=" + value + " is not a class name or package pattern;"
                    + " write a class name (com.acme.Clock) or a package with its subpackages (com.acme.*)");
        }
        return value;
    }
}
