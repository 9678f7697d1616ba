package dev.timescope.agent.index;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A class index: for each jar of a class path, the classes whose constant pool names something the agent replaces,
 * found ahead of time by the very check the agent makes as each class loads ({@link ClassIndexWriter}). With one, a
 * class of an indexed jar that the index does not list is left as it is without being read: the check of the 2,000
 * classes of a large class path is most of what the agent costs before {@code main}.
 *
 * <p>Nothing is trusted that could have changed. A jar counts as indexed only with the size and modification time
 * the index recorded; a class is skipped only if its bytes are the jar's own entry of that name (same length and
 * CRC-32, which the index copied from the jar's directory: {@link EntrySums}), so a class generated at run time into
 * a jar's protection domain, or one another agent changed on its way in, is checked as usual. An index made for a
 * check that looks for other things, or by another version of the agent, is ignored with a warning. Classes from a
 * directory, or from anywhere but a local file, are checked as they load, as they are without an index.
 *
 * <p>The file is UTF-8 text: a header line {@code timescope-class-index 2 <fingerprint>}; for each jar a line
 * {@code jar <size> <modified, ms since the epoch> <canonical path>}, then one line {@code class <internal name>}
 * per class it lists, then one line {@code sums <entries> <hexadecimal digits>} with the name hash, length and
 * CRC-32 of every class entry it does not list; and a last line {@code end <jars>}, without which the file is taken
 * to be cut short.
 *
 * <p>Thread safety: read once, then only looked up; the per-location cache is a concurrent map whose racing
 * fills agree.
 */
public final class ClassIndex {

    static final String HEADER = "timescope-class-index";
    static final int VERSION = 2;
    private static final Object UNKNOWN = new Object();

    /** An indexed jar: what it was when indexed, the classes that passed the check, and the entries of the rest. */
    static final class Jar {
        final long size;
        final long lastModified;
        final Set<String> classes = new HashSet<>();
        /** The {@code sums} line's count, and where in the file's bytes its digits are; read as a class first loads. */
        int sumsCount = -1;
        byte[] sumsBytes;
        int sumsStart;
        private volatile EntrySums sums;

        Jar(long size, long lastModified) {
            this.size = size;
            this.lastModified = lastModified;
        }

        /** The {@code sums} line's digits, for an index written again. */
        String sumsDigits() {
            return new String(sumsBytes, sumsStart, sumsCount * EntrySums.DIGITS, StandardCharsets.ISO_8859_1);
        }

        /**
         * The entries' sums, parsed on first use.
         *
         * @throws IllegalArgumentException if the digits are not what the indexer writes
         */
        EntrySums sums() {
            EntrySums s = sums;
            if (s == null) {
                s = EntrySums.parse(sumsBytes, sumsStart, sumsCount);
                sums = s;
            }
            return s;
        }
    }

    private final File file;
    private final Map<String, Jar> jars;
    private final String ignoredBecause;
    /**
     * Per code source location (its URL's path): its {@link Jar} if it is indexed and unchanged, else UNKNOWN. Keyed by
     * a string rather than the protection domain, which would keep its class loader alive.
     */
    private final Map<String, Object> byLocation = new ConcurrentHashMap<>();

    private ClassIndex(File file, Map<String, Jar> jars, String ignoredBecause) {
        this.file = file;
        this.jars = jars;
        this.ignoredBecause = ignoredBecause;
    }

    /**
     * Reads an index made for a check with this {@code fingerprint}. It runs before {@code main}, so it keeps to
     * {@code java.io} and plain strings: no charset decoder, no file system provider, no lambda.
     *
     * @return the index; one made for another check indexes nothing and says why in {@link #ignoredBecause()}
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a whole class index, naming what is wrong
     */
    public static ClassIndex read(File file, String fingerprint) throws IOException {
        byte[] raw;
        try (FileInputStream in = new FileInputStream(file)) {
            raw = in.readAllBytes();
        }
        Map<String, Jar> jars = new HashMap<>();
        int end = lineEnd(raw, 0);
        String header = new String(raw, 0, end, StandardCharsets.UTF_8);
        String expected = HEADER + " " + VERSION + " ";
        if (!header.startsWith(HEADER + " ")) {
            throw new IllegalArgumentException(file + " is not a timescope class index: its first line is "
                    + (header.isEmpty() ? "empty" : "\"" + header + "\"") + ", where \"" + expected + "...\" was"
                    + " expected");
        }
        if (!header.equals(expected + fingerprint)) {
            return new ClassIndex(file, Map.of(), "the class index " + file + " was made by another version of"
                    + " the agent, or for another check (\"" + header + "\", this agent expects \"" + expected
                    + fingerprint + "\"); it is ignored. Make it again with this agent");
        }
        Jar current = null;
        int jarLine = 0;
        boolean complete = false;
        int lineNumber = 1;
        for (int start = end + 1; start < raw.length; start = end + 1) {
            lineNumber++;
            if (!complete && current != null && current.sumsCount < 0 && startsWith(raw, start, SUMS)) {
                // Its digits are most of the file: skipped here by their count, read as the jar's first class loads.
                end = sums(raw, start, current);
                if (end < 0) {
                    throw malformed(file, lineNumber, new String(raw, start, Math.min(lineEnd(raw, start) - start,
                            200), StandardCharsets.UTF_8));
                }
                continue;
            }
            end = lineEnd(raw, start);
            String line = new String(raw, start, end - start, StandardCharsets.UTF_8);
            if (complete && !line.isEmpty()) {
                throw malformed(file, lineNumber, line);
            } else if (line.startsWith("class ") && current != null && current.sumsCount < 0) {
                current.classes.add(line.substring("class ".length()));
            } else if (line.startsWith("jar ")) {
                int sizeEnd = line.indexOf(' ', 4);
                int modifiedEnd = sizeEnd < 0 ? -1 : line.indexOf(' ', sizeEnd + 1);
                if (modifiedEnd < 0 || modifiedEnd == line.length() - 1) {
                    throw malformed(file, lineNumber, line);
                }
                if (current != null && current.sumsCount < 0) {
                    throw noSums(file, jarLine);
                }
                jarLine = lineNumber;
                current = jarOf(line, sizeEnd, modifiedEnd, file, lineNumber);
                jars.put(line.substring(modifiedEnd + 1), current);
            } else if (line.equals("end " + jars.size())) {
                if (current != null && current.sumsCount < 0) {
                    throw noSums(file, jarLine);
                }
                complete = true;
            } else if (!line.isEmpty()) {
                throw malformed(file, lineNumber, line);
            }
        }
        if (!complete) {
            throw new IllegalArgumentException("the class index " + file + " is cut short: it does not end with the"
                    + " line \"end " + jars.size() + "\"");
        }
        return new ClassIndex(file, jars, null);
    }

    private static final byte[] SUMS = {'s', 'u', 'm', 's', ' '};

    /** Where the line that begins at {@code start} ends: its newline, or the end of the file. */
    private static int lineEnd(byte[] raw, int start) {
        int at = start;
        while (at < raw.length && raw[at] != '\n') {
            at++;
        }
        return at;
    }

    private static boolean startsWith(byte[] raw, int start, byte[] prefix) {
        if (raw.length - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the {@code sums <entries> <digits>} line at {@code start} into {@code jar}, without reading its digits;
     * returns where it ends, or -1 if its count is no number or its digits are not that many.
     */
    private static int sums(byte[] raw, int start, Jar jar) {
        int at = start + SUMS.length;
        long count = 0;
        int firstDigit = at;
        while (at < raw.length && raw[at] >= '0' && raw[at] <= '9' && count <= Integer.MAX_VALUE) {
            count = count * 10 + raw[at++] - '0';
        }
        if (at == firstDigit || at >= raw.length || raw[at] != ' ' || count > Integer.MAX_VALUE / EntrySums.DIGITS) {
            return -1;
        }
        int digits = at + 1;
        long end = digits + count * EntrySums.DIGITS;
        if (end > raw.length || end < raw.length && raw[(int) end] != '\n') {
            return -1;
        }
        jar.sumsCount = (int) count;
        jar.sumsBytes = raw;
        jar.sumsStart = digits;
        return (int) end;
    }

    private static Jar jarOf(String line, int sizeEnd, int modifiedEnd, File file, int lineNumber) {
        try {
            return new Jar(Long.parseLong(line.substring(4, sizeEnd)),
                    Long.parseLong(line.substring(sizeEnd + 1, modifiedEnd)));
        } catch (NumberFormatException e) {
            throw malformed(file, lineNumber, line);
        }
    }

    private static IllegalArgumentException noSums(File file, int jarLine) {
        return new IllegalArgumentException("the jar on line " + jarLine + " of the class index " + file + " has no"
                + " \"sums <entries> <digits>\" line after its class lines");
    }

    private static IllegalArgumentException malformed(File file, int lineNumber, String line) {
        return new IllegalArgumentException("line " + lineNumber + " of the class index " + file + " is none of"
                + " \"jar <size> <modified> <path>\", \"class <name>\" or \"sums <entries> <digits>\" after a jar"
                + " line, or the last line \"end <jars>\": \"" + line + "\"");
    }

    /** Why this index is ignored (it was made for another check), or null if it is not. */
    public String ignoredBecause() {
        return ignoredBecause;
    }

    /** The file it was read from. */
    public File file() {
        return file;
    }

    /** How many jars it indexes. */
    public int jarCount() {
        return jars.size();
    }

    /** The jar at {@code path}, if indexed with this size and modification time; else null. */
    Jar jarOf(String path, long size, long lastModified) {
        Jar jar = jars.get(path);
        return jar != null && jar.size == size && jar.lastModified == lastModified ? jar : null;
    }

    /**
     * False only if {@code classFile}, named {@code className} and defined from {@code domain}, is the very entry of a
     * jar this index covers, unchanged since it was indexed, and the index does not list it: it names nothing the
     * agent replaces.
     */
    public boolean mayRewrite(ProtectionDomain domain, String className, byte[] classFile) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return true;
        }
        Object found = byLocation.get(location.getPath());
        if (found == null) {
            found = lookUp(location);
            byLocation.put(location.getPath(), found);
        }
        if (found == UNKNOWN) {
            return true;
        }
        Jar jar = (Jar) found;
        if (jar.classes.contains(className)) {
            return true;
        }
        try {
            return !jar.sums().isEntryOf(className, classFile);
        } catch (RuntimeException e) {
            byLocation.put(location.getPath(), UNKNOWN); // a damaged sums line: check this jar's classes as they load
            return true;
        }
    }

    /** The jar at {@code location}, if this index covers it as it is now; else UNKNOWN. */
    private Object lookUp(URL location) {
        try {
            File local = new File(location.toURI()).getAbsoluteFile();
            Jar jar = jars.get(local.getPath());
            if (jar == null) {
                local = local.getCanonicalFile(); // the index names jars by their canonical paths
                jar = jars.get(local.getPath());
            }
            if (jar == null || !local.isFile() || local.length() != jar.size
                    || local.lastModified() != jar.lastModified) {
                return UNKNOWN;
            }
            return jar;
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
