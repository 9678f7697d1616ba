package dev.timescope.agent.index;

import dev.timescope.agent.instrumentation.Instrumentations;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Makes a {@link ClassIndex}: runs the agent's constant-pool check on every class of every jar of a class path, ahead
 * of time. A class that cannot be read is listed, so that it is checked as it loads. Directories are not indexed:
 * they are a build's own output and change between runs; their classes are checked as they load. An index written
 * before to the same file is reused for the jars that have not changed since, so that remaking it each build reads
 * only what changed.
 */
public final class ClassIndexWriter {

    private static final String VERSIONED = "META-INF/versions/";

    /** What was indexed. */
    public static final class Summary {
        /** The jars indexed. */
        public final int jars;
        /** The jars taken unchanged from the index written before to the same file. */
        public final int unchanged;
        /** The classes read: those of the jars not taken from the index before. */
        public final int classes;
        /** The classes the index lists: those the agent may rewrite. */
        public final int listed;
        /** The class path entries left out (directories, missing files), each with why. */
        public final List<String> skipped;

        Summary(int jars, int unchanged, int classes, int listed, List<String> skipped) {
            this.jars = jars;
            this.unchanged = unchanged;
            this.classes = classes;
            this.listed = listed;
            this.skipped = skipped;
        }

        @Override
        public String toString() {
            return jars + " jars" + (unchanged > 0 ? " (" + unchanged + " unchanged since the index before, not read"
                    + " again)" : "") + ", " + classes + " classes read, " + listed + " classes listed as calling what"
                    + " the agent replaces" + (skipped.isEmpty() ? "" : "; not indexed: " + String.join(", ", skipped));
        }
    }

    private ClassIndexWriter() {
    }

    /**
     * Indexes {@code classPath} into {@code output} (its directory is created if need be).
     *
     * @param output the index file to write
     * @param classPath jars and directories, in class path order
     * @return what was indexed
     * @throws IOException if a jar cannot be opened or the index cannot be written
     */
    public static Summary write(Path output, List<Path> classPath) throws IOException {
        Instrumentations families = Instrumentations.all();
        String fingerprint = families.applicationCheckFingerprint();
        ClassIndex before = null;
        if (Files.isRegularFile(output)) {
            try {
                before = ClassIndex.read(output.toFile(), fingerprint);
            } catch (IOException | IllegalArgumentException e) {
                before = null; // not an index of this agent's: written anew
            }
        }
        int unchanged = 0;
        Map<String, String> entries = new LinkedHashMap<>(); // absolute path -> its lines
        List<String> skipped = new ArrayList<>();
        int jars = 0;
        int classes = 0;
        int listed = 0;
        for (Path entry : classPath) {
            if (Files.isDirectory(entry)) {
                skipped.add(entry + " (a directory: checked as its classes load)");
                continue;
            }
            if (!Files.isRegularFile(entry)) {
                skipped.add(entry + " (no such file)");
                continue;
            }
            Path path = entry.toRealPath(); // as the JDK's class loaders name it: links resolved
            if (entries.containsKey(path.toString())) {
                continue;
            }
            long size = Files.size(path);
            long modified = Files.getLastModifiedTime(path).toMillis();
            TreeSet<String> mayRewrite = new TreeSet<>();
            Set<String> known = before == null ? null : before.classesOf(path.toString(), size, modified);
            if (known != null) {
                mayRewrite.addAll(known);
                unchanged++;
            } else {
                try {
                    classes += read(families, path, mayRewrite);
                } catch (ZipException e) {
                    skipped.add(entry + " (not a jar: " + e.getMessage() + ")");
                    continue;
                }
            }
            StringBuilder lines = new StringBuilder();
            lines.append("jar ").append(size).append(' ').append(modified).append(' ').append(path).append('\n');
            for (String c : mayRewrite) {
                lines.append("class ").append(c).append('\n');
            }
            entries.put(path.toString(), lines.toString());
            jars++;
            listed += mayRewrite.size();
        }
        Path target = output.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // Written beside it and moved into place: a JVM starting meanwhile reads the old index or the new one, whole.
        Path written = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
                out.write(ClassIndex.HEADER + " " + ClassIndex.VERSION + " " + fingerprint + "\n");
                for (String lines : entries.values()) {
                    out.write(lines);
                }
                out.write("end " + entries.size() + "\n");
            }
            try {
                Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(written);
        }
        return new Summary(jars, unchanged, classes, listed, skipped);
    }

    /**
     * Checks every class of the jar at {@code path}, adding those that pass to {@code mayRewrite}; returns how many.
     *
     * @throws ZipException if the file is not a jar
     */
    private static int read(Instrumentations families, Path path, Set<String> mayRewrite) throws IOException {
        int classes = 0;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                String className = className(e.getName());
                if (className == null) {
                    continue;
                }
                classes++;
                if (mayRewrite(families, zip, e)) {
                    mayRewrite.add(className);
                }
            }
        } catch (ZipException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot index " + path + ": " + e.getMessage(), e);
        }
        return classes;
    }

    /** The internal name of the class a jar entry holds, or null if it holds none. */
    static String className(String entryName) {
        if (!entryName.endsWith(".class") || entryName.endsWith("module-info.class")) {
            return null;
        }
        String name = entryName;
        if (name.startsWith(VERSIONED)) { // a multi-release jar: the same class, for a later JDK
            int slash = name.indexOf('/', VERSIONED.length());
            if (slash < 0) {
                return null;
            }
            name = name.substring(slash + 1);
        } else if (name.startsWith("META-INF/")) {
            return null;
        }
        return name.substring(0, name.length() - ".class".length());
    }

    private static boolean mayRewrite(Instrumentations families, ZipFile zip, ZipEntry entry) {
        try (InputStream in = zip.getInputStream(entry)) {
            return families.mayRewriteApplicationClass(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return true; // unreadable here: let the agent look at it as it loads
        }
    }
}
