package dev.timescope.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageDataTest {

    @TempDir
    Path dir;

    @Test
    void scriptSafeJsonHasNoMarkupCharactersAndParsesToTheSameText() throws Exception {
        String nasty = "</script><!-- <b>&amp; \u2028\u2029 \" \\ \u00e9";
        StringWriter raw = new StringWriter();
        try (ScriptSafeWriter out = new ScriptSafeWriter(raw)) {
            out.write(new ObjectMapper().writeValueAsString(nasty));
        }
        assertThat(raw.toString()).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        assertThat(new ObjectMapper().readValue(raw.toString(), String.class)).isEqualTo(nasty);
    }

    @Test
    void theDataOfAPageWithMarkupNamesCannotEndItsScriptElement() throws Exception {
        Path jfr = Fixtures.markup().write(dir.resolve("markup.jfr"));
        String page = Files.readString(Dashboard.writeHtml(jfr, dir.resolve("markup.html")));
        String open = "<script id=\"timescope-data\" type=\"application/json\">";
        int start = page.indexOf(open) + open.length();
        String data = page.substring(start, page.indexOf("</script>", start));
        assertThat(data).doesNotContain("<", ">", "\u2028").contains("onerror=alert(1)");
        assertThat(page).containsOnlyOnce("<script id=\"timescope-data\"").contains("<title>markup.jfr \u2014 timescope</title>");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(Durations.format(0)).isEqualTo("0 ns");
        assertThat(Durations.format(1_500)).isEqualTo("1.5 \u00b5s");
        assertThat(Durations.format(250_000_000)).isEqualTo("250 ms");
        assertThat(Durations.format(1_800_000_000L)).isEqualTo("1.8 s");
        assertThat(Durations.format(3_000_000_000L)).isEqualTo("3 s");
        assertThat(Durations.format(90_000_000_000L)).isEqualTo("1 min 30 s");
        assertThat(Durations.format(3_600_000_000_000L * 2 + 60_000_000_000L * 5)).isEqualTo("2 h 5 min");
        assertThat(Durations.format(86_400_000_000_000L)).isEqualTo("1 d");
    }
}
