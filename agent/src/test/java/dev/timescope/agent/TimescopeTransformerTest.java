package dev.timescope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.agent.instrumentation.Instrumentations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A class the rewriter cannot handle is left as it was, and said once, with its name. */
class TimescopeTransformerTest {

    @Test
    void aBrokenClassIsLeftAloneAndReportedOnce() {
        TimescopeTransformer transformer = new TimescopeTransformer(new ClassPolicy(Instrumentations.all(), List.of(), List.of()),
                false, null, null);
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
                false, null, null);
        assertThat(transformer.transform(null, null, "java/lang/String", null, null, new byte[0])).isNull();
        assertThat(transformer.transform(null, null, null, null, null, new byte[0])).isNull();
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
