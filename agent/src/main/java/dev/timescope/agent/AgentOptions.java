package dev.timescope.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent's options: {@code -javaagent:timescope-agent.jar=key=value,key=value}. Parsed strictly: an
 * unknown key or a malformed value is an {@link AgentOptionException} that names it and lists what is
 * valid, and the JVM does not start (contract, section 6). Only the options this version implements are
 * accepted and listed; those of global mode, not built yet, are refused as such.
 */
public final class AgentOptions {

    /** Every valid key, in the order the help text lists them. */
    static final List<String> KEYS = List.of("include", "exclude", "debug");
    /** The keys of global mode (contract, section 6), which this version does not have. */
    private static final Set<String> GLOBAL_MODE = Set.of("mode", "start", "rate", "autoAdvance");

    /** Compiled only when an option names classes: java.util.regex is not loaded for nothing at start-up. */
    private static final class ClassPattern {
        static final Pattern PATTERN =
                Pattern.compile("[\\p{javaJavaIdentifierPart}.$]*[\\p{javaJavaIdentifierPart}$](\\.\\*)?|[\\p{javaJavaIdentifierPart}.$]+\\.\\*");
    }

    final List<String> include;
    final List<String> exclude;
    final boolean debug;

    private AgentOptions(List<String> include, List<String> exclude, boolean debug) {
        this.include = Collections.unmodifiableList(include);
        this.exclude = Collections.unmodifiableList(exclude);
        this.debug = debug;
    }

    /** Parses the text after {@code =} in {@code -javaagent:jar=...}; null or blank means defaults. */
    public static AgentOptions parse(String text) {
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean debug = false;
        Set<String> seen = new LinkedHashSet<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",", -1)) {
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).trim();
                if (GLOBAL_MODE.contains(key)) {
                    throw new AgentOptionException("option '" + key + "' is not available in this version: it belongs to"
                            + " global mode, which is not built yet (each VirtualClock or @VirtualTime test has its own"
                            + " clock, with no agent option). " + validKeys());
                }
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
                    default:
                        throw new AssertionError(key);
                }
            }
        }
        return new AgentOptions(include, exclude, debug);
    }

    static String validKeys() {
        return "Valid options: include=<class or package.*> (repeatable), exclude=<class or package.*> (repeatable),"
                + " debug=true|false; separate them with commas.";
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
