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
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A class index: for each jar of a class path, the classes whose constant pool names something the agent replaces,
 * found ahead of time by the very check the agent makes as each class loads ({@link ClassIndexWriter}). With one, a
 * class of an indexed jar that the index does not list is left as it is without being read: the check of the 2,000
 * classes of a large class path is most of what the agent costs before {@code main}.
 *
 * <p>Nothing is trusted that could have changed. A jar counts as indexed only with the size and modification time
 * the index recorded; a class is skipped only if its bytes are the jar's own entry of that name (same length and
 * CRC-32, read from the jar's directory, which its loader has open already), so a class generated at run time into a
 * jar's protection domain, or one another agent changed on its way in, is checked as usual. An index made for a
 * check that looks for other things is ignored with a warning. Classes from a directory, or from anywhere but a
 * local file, are checked as they load, as they are without an index.
 *
 * <p>The file is UTF-8 text: a header line {@code timescope-class-index 1 <fingerprint>}; for each jar a line
 * {@code jar <size> <modified, ms since the epoch> <canonical path>} followed by one line {@code class <internal name>}
 * per class it lists; and a last line {@code end <jars>}, without which the file is taken to be cut short.
 *
 * <p>Thread safety: read once, then only looked up; the per-location cache is a concurrent map whose racing
 * fills agree.
 */
public final class ClassIndex {

    static final String HEADER = "timescope-class-index";
    static final int VERSION = 1;
    private static final Object UNKNOWN = new Object();

    /** An indexed jar: what it was when indexed, and the classes that passed the check. */
    static final class Jar {
        final long size;
        final long lastModified;
        final Set<String> classes = new HashSet<>();
        /** Opened on first use, once the jar is found as indexed; held for the JVM's life, as its loader holds it. */
        volatile ZipFile zip;

        Jar(long size, long lastModified) {
            this.size = size;
            this.lastModified = lastModified;
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
        String text;
        try (FileInputStream in = new FileInputStream(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Jar> jars = new HashMap<>();
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        String expected = HEADER + " " + VERSION + " ";
        if (!header.startsWith(HEADER + " ")) {
            throw new IllegalArgumentException(file + " is not a timescope class index: its first line is "
                    + (header.isEmpty() ? "empty" : "\"" + header + "\"") + ", where \"" + expected + "...\" was"
                    + " expected");
        }
        if (!header.equals(expected + fingerprint)) {
            return new ClassIndex(file, Map.of(), "the class index " + file + " was made for another version of"
                    + " the agent's check (\"" + header + "\", this agent expects \"" + expected + fingerprint
                    + "\"); it is ignored. Make it again with this agent");
        }
        Jar current = null;
        boolean complete = false;
        int lineNumber = 1;
        for (int start = end + 1; end >= 0 && start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            String line = text.substring(start, end < 0 ? text.length() : end);
            lineNumber++;
            if (complete && !line.isEmpty()) {
                throw malformed(file, lineNumber, line);
            } else if (line.startsWith("class ") && current != null) {
                current.classes.add(line.substring("class ".length()));
            } else if (line.startsWith("jar ")) {
                int sizeEnd = line.indexOf(' ', 4);
                int modifiedEnd = sizeEnd < 0 ? -1 : line.indexOf(' ', sizeEnd + 1);
                if (modifiedEnd < 0 || modifiedEnd == line.length() - 1) {
                    throw malformed(file, lineNumber, line);
                }
                try {
                    current = new Jar(Long.parseLong(line.substring(4, sizeEnd)),
                            Long.parseLong(line.substring(sizeEnd + 1, modifiedEnd)));
                } catch (NumberFormatException e) {
                    throw malformed(file, lineNumber, line);
                }
                jars.put(line.substring(modifiedEnd + 1), current);
            } else if (line.equals("end " + jars.size())) {
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

    private static IllegalArgumentException malformed(File file, int lineNumber, String line) {
        return new IllegalArgumentException("line " + lineNumber + " of the class index " + file + " is none of"
                + " \"jar <size> <modified> <path>\", \"class <name>\" after a jar line, or the last line"
                + " \"end <jars>\": \"" + line + "\"");
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

    /** The classes listed for the jar at {@code path}, if indexed with this size and modification time; else null. */
    Set<String> classesOf(String path, long size, long lastModified) {
        Jar jar = jars.get(path);
        return jar != null && jar.size == size && jar.lastModified == lastModified ? jar.classes : null;
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
            ZipEntry entry = jar.zip.getEntry(className + ".class");
            if (entry == null || entry.getSize() != classFile.length) {
                return true; // not this jar's class (made at run time), or not its bytes
            }
            CRC32 crc = new CRC32();
            crc.update(classFile, 0, classFile.length);
            return crc.getValue() != entry.getCrc();
        } catch (RuntimeException e) {
            return true; // the jar cannot be read now (closed, replaced): check the class
        }
    }

    /** The jar at {@code location}, opened, if this index covers it as it is now; else UNKNOWN. */
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
            synchronized (jar) {
                if (jar.zip == null) {
                    jar.zip = new ZipFile(local);
                }
            }
            return jar;
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
