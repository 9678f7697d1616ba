package dev.timescope.agent.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.agent.instrumentation.Instrumentations;
import dev.timescope.agent.rewrite.samples.Plain;
import dev.timescope.agent.rewrite.samples.Stamped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A class index lets the agent leave a jar's classes unchecked only while the jar is as it was indexed. */
class ClassIndexTest {

    private static final String STAMPED = internal(Stamped.class);
    private static final String PLAIN = internal(Plain.class);
    private static final String FINGERPRINT = Instrumentations.all().applicationCheckFingerprint();

    @TempDir
    Path dir;

    @Test
    void itListsTheClassesTheAgentsCheckLetsThroughAndNoOther() throws IOException {
        Path jar = jar("lib.jar", Stamped.class, Plain.class);
        Path index = dir.resolve("out/index.txt");

        ClassIndexWriter.Summary summary = ClassIndexWriter.write(index, List.of(jar, dir.resolve("classes-dir-missing")));

        assertThat(summary.jars).isEqualTo(1);
        assertThat(summary.classes).isEqualTo(2);
        assertThat(summary.listed).isEqualTo(1);
        assertThat(summary.skipped).singleElement().asString().contains("no such file");
        byte[] plain = bytes(Plain.class);
        CRC32 crc = new CRC32();
        crc.update(plain);
        assertThat(Files.readAllLines(index)).containsExactly(
                "timescope-class-index 2 " + FINGERPRINT,
                "jar " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + " " + jar.toRealPath(),
                "class " + STAMPED,
                String.format("sums 1 %08x%08x%08x", PLAIN.hashCode(), plain.length, (int) crc.getValue()),
                "end 1");
        ClassIndex read = read(index);
        ProtectionDomain fromJar = domainOf(jar);
        assertThat(read.mayRewrite(fromJar, STAMPED, bytes(Stamped.class))).isTrue();
        assertThat(read.mayRewrite(fromJar, PLAIN, bytes(Plain.class))).as("indexed, and not listed").isFalse();
        assertThat(read.mayRewrite(domainOf(dir.resolve("other.jar")), PLAIN, bytes(Plain.class))).as("another jar")
                .isTrue();
        assertThat(read.mayRewrite(null, PLAIN, bytes(Plain.class))).as("no code source").isTrue();
    }

    /**
     * Only the jar's own bytes are skipped: a class defined at run time into the jar's protection domain (a proxy, a
     * mock), or one another agent changed on its way in, is checked as it loads.
     */
    @Test
    void onlyTheJarsOwnEntryOfThatNameIsSkipped() throws IOException {
        Path jar = jar("lib.jar", Plain.class);
        Path index = dir.resolve("index.txt");
        ClassIndexWriter.write(index, List.of(jar));
        ClassIndex read = read(index);
        ProtectionDomain fromJar = domainOf(jar);
        byte[] plain = bytes(Plain.class);

        assertThat(read.mayRewrite(fromJar, PLAIN, plain)).isFalse();
        assertThat(read.mayRewrite(fromJar, "com/acme/Plain$$Generated", plain)).as("not in the jar").isTrue();
        byte[] longer = java.util.Arrays.copyOf(plain, plain.length + 1);
        assertThat(read.mayRewrite(fromJar, PLAIN, longer)).as("other bytes, other length").isTrue();
        byte[] changed = plain.clone();
        changed[changed.length - 1] ^= 1;
        assertThat(read.mayRewrite(fromJar, PLAIN, changed)).as("other bytes, same length").isTrue();
    }

    @Test
    void writingAgainReadsOnlyTheJarsThatChanged() throws IOException {
        Path same = jar("same.jar", Stamped.class);
        Path changing = jar("changing.jar", Plain.class);
        Path index = dir.resolve("index.txt");
        ClassIndexWriter.write(index, List.of(same, changing));
        Files.write(changing, Files.readAllBytes(jar("changed.jar", Stamped.class, Plain.class)));

        ClassIndexWriter.Summary again = ClassIndexWriter.write(index, List.of(same, changing));

        assertThat(again.jars).isEqualTo(2);
        assertThat(again.unchanged).isEqualTo(1);
        assertThat(again.classes).as("read again: the changed jar's").isEqualTo(2);
        assertThat(again.listed).isEqualTo(2);
        assertThat(again.toString()).startsWith("2 jars (1 unchanged since the index before, not read again), 2 classes"
                + " read, 2 classes listed");
        ClassIndex read = read(index);
        assertThat(read.mayRewrite(domainOf(changing), STAMPED, bytes(Stamped.class))).isTrue();
        assertThat(read.mayRewrite(domainOf(changing), PLAIN, bytes(Plain.class))).isFalse();
        assertThat(read.mayRewrite(domainOf(same), STAMPED, bytes(Stamped.class))).isTrue();
    }

    @Test
    void aJarChangedSinceItWasIndexedIsCheckedClassByClass() throws IOException {
        Path jar = jar("lib.jar", Stamped.class, Plain.class);
        Path index = dir.resolve("index.txt");
        ClassIndexWriter.write(index, List.of(jar));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2_000));

        ClassIndex read = read(index);

        assertThat(read.mayRewrite(domainOf(jar), PLAIN, bytes(Plain.class))).isTrue();
    }

    @Test
    void anIndexMadeForAnotherCheckIsIgnoredWithAWarning() throws IOException {
        Path jar = jar("lib.jar", Plain.class);
        Path index = dir.resolve("index.txt");
        ClassIndexWriter.write(index, List.of(jar));
        ClassIndex other = ClassIndex.read(index.toFile(), "0000-other");

        assertThat(other.ignoredBecause()).contains(index.toString())
                .contains("was made by another version of the agent, or for another check").contains("it is ignored");
        assertThat(other.jarCount()).isZero();
        assertThat(read(index).ignoredBecause()).isNull();
    }

    @Test
    void aFileThatIsNoIndexIsRefusedNamingTheLine() throws IOException {
        Path notAnIndex = Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        assertThatThrownBy(() -> ClassIndex.read(notAnIndex.toFile(), FINGERPRINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a timescope class index").hasMessageContaining("\"<project/>\"");
        Path broken = Files.writeString(dir.resolve("broken.txt"), "timescope-class-index 2 " + FINGERPRINT
                + "\njar twelve 3 /lib.jar\nsums 0 \nend 1\n");
        assertThatThrownBy(() -> ClassIndex.read(broken.toFile(), FINGERPRINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2 of the class index").hasMessageContaining("\"jar twelve 3 /lib.jar\"");
        Path cut = Files.writeString(dir.resolve("cut.txt"), "timescope-class-index 2 " + FINGERPRINT
                + "\njar 12 3 /lib.jar\nclass a/B\nsums 0 \n");
        assertThatThrownBy(() -> ClassIndex.read(cut.toFile(), FINGERPRINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is cut short: it does not end with the line \"end 1\"");
        Path noSums = Files.writeString(dir.resolve("no-sums.txt"), "timescope-class-index 2 " + FINGERPRINT
                + "\njar 12 3 /lib.jar\nclass a/B\nend 1\n");
        assertThatThrownBy(() -> ClassIndex.read(noSums.toFile(), FINGERPRINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the jar on line 2 of the class index " + noSums + " has no \"sums <entries> <digits>\""
                        + " line after its class lines");
        Path shortSums = Files.writeString(dir.resolve("short-sums.txt"), "timescope-class-index 2 " + FINGERPRINT
                + "\njar 12 3 /lib.jar\nsums 2 0123\nend 1\n");
        assertThatThrownBy(() -> ClassIndex.read(shortSums.toFile(), FINGERPRINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3 of the class index").hasMessageContaining("\"sums 2 0123\"");
    }

    /**
     * A sums count so large that the end of its digits overflows an int: refused as malformed, like any other damage,
     * not an index error of another kind (which the agent's start-up does not expect and would stop the JVM on).
     */
    @Test
    void aSumsCountWhoseDigitsWouldEndBeyondTheLargestIntIsRefusedAsMalformed() throws IOException {
        Path huge = Files.writeString(dir.resolve("huge-sums.txt"), "timescope-class-index 2 " + FINGERPRINT
                + "\njar 12 3 /lib.jar\nsums 89478485 0123\nend 1\n");
        assertThatThrownBy(() -> ClassIndex.read(huge.toFile(), FINGERPRINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3 of the class index");
    }

    /** The bytes a JDK loads from a multi-release jar are its versioned entry: each entry of the class counts. */
    @Test
    void eachEntryOfAMultiReleaseJarsClassIsItsOwnBytes() throws IOException {
        Path jar = dir.resolve("multi.jar");
        byte[] plain = bytes(Plain.class);
        byte[] newer = java.util.Arrays.copyOf(plain, plain.length + 3); // stands for the class compiled for JDK 21
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(PLAIN + ".class"));
            out.write(plain);
            out.putNextEntry(new JarEntry("META-INF/versions/21/" + PLAIN + ".class"));
            out.write(newer);
        }
        Path index = dir.resolve("index.txt");
        ClassIndexWriter.write(index, List.of(jar));
        ClassIndex read = read(index);

        assertThat(read.mayRewrite(domainOf(jar), PLAIN, plain)).isFalse();
        assertThat(read.mayRewrite(domainOf(jar), PLAIN, newer)).isFalse();
        assertThat(read.mayRewrite(domainOf(jar), PLAIN, java.util.Arrays.copyOf(plain, plain.length + 1))).isTrue();
    }

    /** A sums line damaged after it was read (not what the indexer writes) makes the jar's classes be checked. */
    @Test
    void damagedSumsMakeEveryClassOfTheJarBeChecked() throws IOException {
        Path jar = jar("lib.jar", Plain.class);
        Path index = dir.resolve("index.txt");
        ClassIndexWriter.write(index, List.of(jar));
        String text = Files.readString(index);
        int digits = text.indexOf("sums 1 ") + "sums 1 ".length();
        Files.writeString(index, text.substring(0, digits) + "zz" + text.substring(digits + 2));

        assertThat(read(index).mayRewrite(domainOf(jar), PLAIN, bytes(Plain.class))).isTrue();
    }

    @Test
    void aMultiReleaseJarsVersionedClassCountsAsTheClassItself() {
        assertThat(ClassIndexWriter.className("META-INF/versions/21/com/acme/Clock.class")).isEqualTo("com/acme/Clock");
        assertThat(ClassIndexWriter.className("com/acme/Clock.class")).isEqualTo("com/acme/Clock");
        assertThat(ClassIndexWriter.className("module-info.class")).isNull();
        assertThat(ClassIndexWriter.className("META-INF/versions/9/module-info.class")).isNull();
        assertThat(ClassIndexWriter.className("META-INF/MANIFEST.MF")).isNull();
    }

    @Test
    void theCommandWritesAnIndexAndNamesWhatIsWrong() throws IOException {
        Path jar = jar("lib.jar", Stamped.class);
        Path index = dir.resolve("index.txt");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = IndexCommand.run(new String[] {"index", index.toString(), jar + java.io.File.pathSeparator + dir},
                print(out), print(err));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + index + ": 1 jars, 1 classes read, 1 classes listed")
                .contains("a directory: checked as its classes load");
        assertThat(Files.readAllLines(index)).contains("class " + STAMPED);

        err.reset();
        assertThat(IndexCommand.run(new String[] {"indx", "a", "b"}, print(out), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: unknown command \"indx\"; the only command is"
                + " index.").contains("usage: java -jar timescope-agent.jar index");
        err.reset();
        assertThat(IndexCommand.run(new String[] {"index", index.toString()}, print(out), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: index needs the index file to write and at"
                + " least one jar");
    }

    @Test
    void aFileThatIsNoJarIsLeftOutNotFatal() throws IOException {
        Path pom = Files.writeString(dir.resolve("group.pom"), "<project/>\n");
        Path jar = jar("lib.jar", Plain.class);

        ClassIndexWriter.Summary summary = ClassIndexWriter.write(dir.resolve("index.txt"), List.of(pom, jar));

        assertThat(summary.jars).isEqualTo(1);
        assertThat(summary.skipped).singleElement().asString().contains("group.pom (not a jar");
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static ClassIndex read(Path index) throws IOException {
        ClassIndex read = ClassIndex.read(index.toFile(), FINGERPRINT);
        assertThat(read.ignoredBecause()).isNull();
        return read;
    }

    @Test
    void theFingerprintChangesWithWhatTheCheckLooksFor() {
        assertThat(FINGERPRINT).isEqualTo(Instrumentations.all().applicationCheckFingerprint())
                .isNotEqualTo(Instrumentations.of(Instrumentations.all().families().subList(0, 2))
                        .applicationCheckFingerprint());
    }

    private static PrintStream print(OutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private Path jar(String name, Class<?>... classes) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : classes) {
                out.putNextEntry(new JarEntry(internal(c) + ".class"));
                try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static ProtectionDomain domainOf(Path jar) throws IOException {
        return new ProtectionDomain(new CodeSource(jar.toUri().toURL(), (Certificate[]) null), null);
    }

    private static String internal(Class<?> c) {
        return c.getName().replace('.', '/');
    }
}
