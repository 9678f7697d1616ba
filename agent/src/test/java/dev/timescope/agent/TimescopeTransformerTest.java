package dev.timescope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.agent.index.ClassIndex;
import dev.timescope.agent.index.ClassIndexWriter;
import dev.timescope.agent.instrumentation.Instrumentations;
import dev.timescope.agent.rewrite.samples.Stamped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class the rewriter cannot handle is left as it was, and said once, with its name; a class index spares the check
 * of the classes it covers.
 */
class TimescopeTransformerTest {

    @Test
    void aBrokenClassIsLeftAloneAndReportedOnce() {
        TimescopeTransformer transformer = new TimescopeTransformer(new ClassPolicy(Instrumentations.all(), List.of(), List.of()),
                false, null, null, null);
        // Passes the constant-pool check (it names System.nanoTime) but is cut short: ASM cannot parse it.
        byte[] broken = brokenClassMentioningNanoTime();
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(transformer.transform(null, null, "com/acme/Broken", null, null, broken)).isNull();
            assertThat(transformer.transform(null, null, "com/acme/Broken", null, null, broken)).isNull();
        } finally {
            System.setErr(original);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(said).contains("[timescope agent] warning: could not rewrite com.acme.Broken; it keeps real time");
        assertThat(said.split("could not rewrite", -1)).hasSize(2); // once
    }

    @Test
    void classesOutsideThePolicyAreNotEvenRead() {
        TimescopeTransformer transformer = new TimescopeTransformer(new ClassPolicy(Instrumentations.all(), List.of(), List.of()),
                false, null, null, null);
        assertThat(transformer.transform(null, null, "java/lang/String", null, null, new byte[0])).isNull();
        assertThat(transformer.transform(null, null, null, null, null, new byte[0])).isNull();
    }

    /** With a class index, a class of an indexed jar is rewritten only if the index lists it. */
    @Test
    void aClassIndexedAsCallingNothingIsLeftUncheckedAndAListedOneIsRewritten(@TempDir Path dir) throws IOException {
        byte[] stamped;
        try (InputStream in = Stamped.class.getResourceAsStream("Stamped.class")) {
            stamped = in.readAllBytes();
        }
        String name = "com/acme/Stamped"; // as an application class: the agent's own packages are never rewritten
        Path jar = dir.resolve("lib.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(name + ".class"));
            out.write(stamped);
            out.closeEntry();
        }
        ProtectionDomain fromJar = new ProtectionDomain(new CodeSource(jar.toUri().toURL(), (Certificate[]) null), null);
        Path listsIt = dir.resolve("it.txt");
        ClassIndexWriter.write(listsIt, List.of(jar));
        List<String> lines = Files.readAllLines(listsIt);
        assertThat(lines).contains("class " + name);
        CRC32 crc = new CRC32();
        crc.update(stamped);
        Path listsNothing = Files.write(dir.resolve("nothing.txt"), List.of(lines.get(0), lines.get(1),
                String.format("sums 1 %08x%08x%08x", name.hashCode(), stamped.length, (int) crc.getValue()),
                lines.get(lines.size() - 1)));

        assertThat(transformerWith(listsNothing).transform(null, null, name, null, fromJar, stamped))
                .as("indexed as calling nothing").isNull();
        assertThat(transformerWith(listsIt).transform(null, null, name, null, fromJar, stamped)).isNotNull();
        assertThat(transformerWith(listsNothing).transform(null, null, name, null, null, stamped))
                .as("no code source: checked").isNotNull();
    }

    private static TimescopeTransformer transformerWith(Path index) throws IOException {
        return new TimescopeTransformer(new ClassPolicy(Instrumentations.all(), List.of(), List.of()), false,
                ClassIndex.read(index.toFile(), Instrumentations.all().applicationCheckFingerprint()), null, null);
    }

    private static byte[] brokenClassMentioningNanoTime() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 3};
        out.writeBytes(header);
        for (String s : new String[] {"java/lang/System", "nanoTime"}) {
            out.write(1);
            out.write(0);
            out.write(s.length());
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray(); // ends where the access flags should begin
    }
}
