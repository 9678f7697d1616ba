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
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
        assertThat(Files.readAllLines(index)).containsExactly(
                "timescope-class-index 1 " + FINGERPRINT,
                "jar " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + " " + jar.toAbsolutePath(),
                "class " + STAMPED);
        ClassIndex read = ClassIndex.read(index, FINGERPRINT, warning -> { throw new AssertionError(warning); });
        ProtectionDomain fromJar = domainOf(jar);
        assertThat(read.mayRewrite(fromJar, STAMPED)).isTrue();
        assertThat(read.mayRewrite(fromJar, PLAIN)).as("indexed, and not listed").isFalse();
        assertThat(read.mayRewrite(domainOf(dir.resolve("other.jar")), PLAIN)).as("another jar").isTrue();
        assertThat(read.mayRewrite(null, PLAIN)).as("no code source").isTrue();
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
        ClassIndex read = ClassIndex.read(index, FINGERPRINT, warning -> { throw new AssertionError(warning); });
        assertThat(read.mayRewrite(domainOf(changing), STAMPED)).isTrue();
        assertThat(read.mayRewrite(domainOf(changing), PLAIN)).isFalse();
        assertThat(read.mayRewrite(domainOf(same), STAMPED)).isTrue();
    }

    @Test
    void aJarChangedSinceItWasIndexedIsCheckedClassByClass() throws IOException {
        Path jar = jar("lib.jar", Stamped.class, Plain.class);
        Path index = dir.resolve("index.txt");
        ClassIndexWriter.write(index, List.of(jar));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2_000));

        ClassIndex read = ClassIndex.read(index, FINGERPRINT, warning -> { throw new AssertionError(warning); });

        assertThat(read.mayRewrite(domainOf(jar), PLAIN)).isTrue();
    }

    @Test
    void anIndexMadeForAnotherCheckIsIgnoredWithAWarning() throws IOException {
        Path jar = jar("lib.jar", Plain.class);
        Path index = dir.resolve("index.txt");
        ClassIndexWriter.write(index, List.of(jar));
        List<String> warnings = new ArrayList<>();

        assertThat(ClassIndex.read(index, "0000-other", warnings::add)).isNull();

        assertThat(warnings).singleElement().asString().contains(index.toString())
                .contains("was made by another version of the agent").contains("it is ignored");
    }

    @Test
    void aFileThatIsNoIndexIsRefusedNamingTheLine() throws IOException {
        Path notAnIndex = Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        assertThatThrownBy(() -> ClassIndex.read(notAnIndex, FINGERPRINT, w -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a timescope class index").hasMessageContaining("\"<project/>\"");
        Path broken = Files.writeString(dir.resolve("broken.txt"), "timescope-class-index 1 " + FINGERPRINT
                + "\njar twelve 3 /lib.jar\n");
        assertThatThrownBy(() -> ClassIndex.read(broken, FINGERPRINT, w -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2 of the class index").hasMessageContaining("\"jar twelve 3 /lib.jar\"");
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
