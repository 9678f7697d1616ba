package dev.timescope.agent.index;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * class of an indexed jar that the index does not list is left as it is without being looked at: the check of the
 * 2,000 classes of a large class path is most of what the agent costs before {@code main}.
 *
 * <p>Nothing is trusted that could have changed. A jar counts as indexed only if its size and modification time
 * are those the index recorded, and the whole index is ignored (with a warning) if it was made by an agent whose
 * check looks for other names. Classes from a directory, or from anywhere but a local file, are checked as they
 * load, as they are without an index.
 *
 * <p>The file is UTF-8 text: a header line {@code timescope-class-index 1 <fingerprint>}, then for each jar a line
 * {@code jar <size> <modified, ms since the epoch> <absolute path>} followed by one line {@code class <internal name>}
 * per class it lists.
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

        Jar(long size, long lastModified) {
            this.size = size;
            this.lastModified = lastModified;
        }
    }

    private final Path file;
    private final Map<String, Jar> jars;
    /** Per protection domain (one per code source and loader): its {@link Jar} if still as indexed, else UNKNOWN. */
    private final Map<ProtectionDomain, Object> byDomain = new ConcurrentHashMap<>();

    private ClassIndex(Path file, Map<String, Jar> jars) {
        this.file = file;
        this.jars = jars;
    }

    /**
     * Reads an index made for a check with this {@code fingerprint}.
     *
     * @return the index, or null if it was made for another check (then {@code warn} is told why it is ignored)
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a class index, naming the line that is wrong
     */
    public static ClassIndex read(Path file, String fingerprint, java.util.function.Consumer<String> warn)
            throws IOException {
        Map<String, Jar> jars = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            String expected = HEADER + " " + VERSION + " ";
            if (header == null || !header.startsWith(HEADER + " ")) {
                throw new IllegalArgumentException(file + " is not a timescope class index: its first line is "
                        + (header == null ? "missing" : "\"" + header + "\"") + ", where \"" + expected + "...\" was"
                        + " expected");
            }
            if (!header.equals(expected + fingerprint)) {
                warn.accept("the class index " + file + " was made by another version of the agent (\"" + header
                        + "\", this one expects \"" + expected + fingerprint + "\"); it is ignored and every class is"
                        + " checked as it loads. Make it again with this agent.");
                return null;
            }
            Jar current = null;
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.startsWith("class ") && current != null) {
                    current.classes.add(line.substring("class ".length()));
                } else if (line.startsWith("jar ")) {
                    String[] parts = line.split(" ", 4);
                    try {
                        current = new Jar(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                        throw malformed(file, lineNumber, line);
                    }
                    if (parts.length < 4 || parts[3].isEmpty()) {
                        throw malformed(file, lineNumber, line);
                    }
                    jars.put(parts[3], current);
                } else if (!line.isEmpty()) {
                    throw malformed(file, lineNumber, line);
                }
            }
        }
        return new ClassIndex(file, jars);
    }

    private static IllegalArgumentException malformed(Path file, int lineNumber, String line) {
        return new IllegalArgumentException("line " + lineNumber + " of the class index " + file + " is neither"
                + " \"jar <size> <modified> <path>\" nor \"class <name>\" after a jar line: \"" + line + "\"");
    }

    /** The file it was read from. */
    public Path file() {
        return file;
    }

    /** The classes listed for the jar at {@code path}, if it is indexed with this size and modification time; else null. */
    Set<String> classesOf(String path, long size, long lastModified) {
        Jar jar = jars.get(path);
        return jar != null && jar.size == size && jar.lastModified == lastModified ? jar.classes : null;
    }

    /** How many jars it indexes. */
    public int jarCount() {
        return jars.size();
    }

    /**
     * False only if {@code className}, defined from {@code domain}, comes from a jar this index covers, as it was
     * when indexed, and the index does not list it: it names nothing the agent replaces.
     */
    public boolean mayRewrite(ProtectionDomain domain, String className) {
        if (domain == null) {
            return true;
        }
        Object jar = byDomain.get(domain);
        if (jar == null) {
            jar = lookUp(domain);
            byDomain.put(domain, jar);
        }
        return jar == UNKNOWN || ((Jar) jar).classes.contains(className);
    }

    private Object lookUp(ProtectionDomain domain) {
        CodeSource source = domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return UNKNOWN;
        }
        try {
            File local = Path.of(location.toURI()).toAbsolutePath().normalize().toFile();
            Jar jar = jars.get(local.getPath());
            return jar != null && local.isFile() && local.length() == jar.size && local.lastModified() == jar.lastModified
                    ? jar : UNKNOWN;
        } catch (URISyntaxException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
