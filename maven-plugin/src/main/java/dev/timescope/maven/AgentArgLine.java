package dev.timescope.maven;

import dev.timescope.agent.AgentOptionException;
import dev.timescope.agent.AgentOptions;
import java.io.File;
import java.util.StringJoiner;

/**
 * Composes the {@code -javaagent} argument for the timescope agent and adds it to a JVM argument line such as
 * Surefire's {@code argLine}. Surefire and Failsafe split that line at whitespace outside single or double
 * quotes (a backslash is an ordinary character), so an argument holding whitespace or a quote is quoted.
 */
final class AgentArgLine {

    /** Not instantiated. */
    private AgentArgLine() {
    }

    /**
     * The argument {@code -javaagent:<absolute path of agentJar>[=<options>]}, quoted for an argument line if it
     * needs to be.
     *
     * @param agentJar the agent's jar
     * @param options the agent's options, comma-separated {@code key=value} pairs; null or blank for none
     * @return the argument, ready to be added to an argument line
     * @throws IllegalArgumentException if the options are invalid, or the path cannot be quoted
     */
    static String javaagent(File agentJar, String options) {
        String normalized = normalizeOptions(options);
        return quote("-javaagent:" + agentJar.getAbsolutePath() + (normalized == null ? "" : "=" + normalized));
    }

    /**
     * Checks the agent's options with the agent's own parser, so that a mistake fails the build instead of every
     * test JVM. Whitespace around the pairs, their commas and their {@code =} is dropped, so the options may be
     * spread over several lines of a POM.
     *
     * @param options comma-separated {@code key=value} pairs, or null or blank for none
     * @return the options without whitespace, or null for none
     * @throws IllegalArgumentException naming the bad option and the valid ones
     */
    static String normalizeOptions(String options) {
        if (options == null || options.isBlank()) {
            return null;
        }
        StringJoiner normalized = new StringJoiner(",");
        for (String pair : options.split(",", -1)) {
            int eq = pair.indexOf('=');
            normalized.add(eq < 0 ? pair.strip() : pair.substring(0, eq).strip() + "=" + pair.substring(eq + 1).strip());
        }
        String result = normalized.toString();
        try {
            AgentOptions.parse(result);
        } catch (AgentOptionException e) {
            throw new IllegalArgumentException("Invalid timescope agent options \"" + options + "\": " + e.getMessage(), e);
        }
        if (result.chars().anyMatch(Character::isWhitespace)) {
            // The parser accepted it, but the agent would receive it cut at the whitespace.
            throw new IllegalArgumentException("Invalid timescope agent options \"" + options + "\": a value"
                    + " contains whitespace; write comma-separated key=value pairs such as include=com.acme.*,debug=true");
        }
        return result;
    }

    /**
     * Quotes an argument for an argument line if it holds whitespace or a quote: in double quotes, or in single
     * quotes if it holds a double quote.
     *
     * @param argument one JVM argument
     * @return the argument, quoted if it needs to be
     * @throws IllegalArgumentException if it holds both kinds of quote, which an argument line cannot carry
     */
    static String quote(String argument) {
        boolean plain = argument.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'');
        if (plain) {
            return argument;
        }
        if (argument.indexOf('"') < 0) {
            return '"' + argument + '"';
        }
        if (argument.indexOf('\'') < 0) {
            return '\'' + argument + '\'';
        }
        throw new IllegalArgumentException("Cannot put " + argument + " on an argument line: it contains both ' and \","
                + " and Surefire's argLine can quote only one of them. Use a local repository whose path has neither"
                + " (-Dmaven.repo.local=<path>).");
    }

    /**
     * Adds an argument to the end of an argument line, unless the line already holds exactly that argument.
     *
     * @param line the argument line so far; null or blank for none
     * @param argument the argument to add, already quoted
     * @return the new argument line
     */
    static String append(String line, String argument) {
        if (line == null || line.isBlank()) {
            return argument;
        }
        if (containsArgument(line, argument)) {
            return line;
        }
        return line.stripTrailing() + " " + argument;
    }

    /**
     * Whether an argument occurs in a line as a whole argument, between whitespace or the line's ends.
     *
     * @param line an argument line
     * @param argument the argument to look for
     * @return whether the line holds it
     */
    private static boolean containsArgument(String line, String argument) {
        for (int at = line.indexOf(argument); at >= 0; at = line.indexOf(argument, at + 1)) {
            int end = at + argument.length();
            boolean startsArgument = at == 0 || Character.isWhitespace(line.charAt(at - 1));
            boolean endsArgument = end == line.length() || Character.isWhitespace(line.charAt(end));
            if (startsArgument && endsArgument) {
                return true;
            }
        }
        return false;
    }
}
