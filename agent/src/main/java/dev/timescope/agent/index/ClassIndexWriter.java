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
import java.util.HashMap;
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
            String sums;
            ClassIndex.Jar known = before == null ? null : before.jarOf(path.toString(), size, modified);
            if (known != null) {
                mayRewrite.addAll(known.classes);
                sums = known.sumsCount + " " + known.sumsDigits();
                unchanged++;
            } else {
                Map<String, List<long[]>> others = new HashMap<>(); // entries of classes that pass: length, CRC
                try {
                    classes += read(families, path, mayRewrite, others);
                } catch (ZipException e) {
                    skipped.add(entry + " (not a jar: " + e.getMessage() + ")");
                    continue;
                }
                sums = sums(others, mayRewrite);
            }
            StringBuilder lines = new StringBuilder();
            lines.append("jar ").append(size).append(' ').append(modified).append(' ').append(path).append('\n');
            for (String c : mayRewrite) {
                lines.append("class ").append(c).append('\n');
            }
            lines.append("sums ").append(sums).append('\n');
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
     * Checks every class of the jar at {@code path}, adding those that pass to {@code mayRewrite}, and the length and
     * CRC of the entries of the others to {@code others}; returns how many classes it read.
     *
     * @throws ZipException if the file is not a jar
     */
    private static int read(Instrumentations families, Path path, Set<String> mayRewrite,
                            Map<String, List<long[]>> others) throws IOException {
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
                if (e.getSize() < 0 || e.getCrc() < 0 || mayRewrite(families, zip, e)) {
                    mayRewrite.add(className);
                } else {
                    others.computeIfAbsent(className, n -> new ArrayList<>()).add(new long[] {e.getSize(), e.getCrc()});
                }
            }
        } catch (ZipException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot index " + path + ": " + e.getMessage(), e);
        }
        return classes;
    }

    /**
     * The {@code sums} line's count and digits: every entry of the classes not listed (a multi-release jar's class
     * is listed if any of its versions is, and then none of its entries is summed).
     */
    private static String sums(Map<String, List<long[]>> others, Set<String> listed) {
        List<String> names = new ArrayList<>();
        List<long[]> rows = new ArrayList<>();
        for (Map.Entry<String, List<long[]>> e : others.entrySet()) {
            if (!listed.contains(e.getKey())) {
                for (long[] row : e.getValue()) {
                    names.add(e.getKey());
                    rows.add(row);
                }
            }
        }
        long[] lengths = new long[rows.size()];
        long[] crcs = new long[rows.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = rows.get(i)[0];
            crcs[i] = rows.get(i)[1];
        }
        return names.size() + " " + EntrySums.format(names.toArray(new String[0]), lengths, crcs);
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
