package dev.timescope.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page in a real browser: headless Chromium over the DevTools protocol. */
class DashboardPageTest {

    private static HeadlessChromium browser;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.startOrSkip();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path page(String name, SyntheticRecording recording) throws Exception {
        Path jfr = recording.write(dir.resolve(name + ".jfr"));
        return Dashboard.writeHtml(jfr, dir.resolve(name + ".html"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @Test
    void theDaysPageOpensWithoutErrorsAndHasEveryTaskOfTheRecording() throws Exception {
        Path jfr = Fixtures.day().write(dir.resolve("day-tasks.jfr"));
        Path html = Dashboard.writeHtml(jfr, dir.resolve("day-tasks.html"));
        browser.open(html);

        Set<String> recorded = RecordedIds.tasks(jfr).stream().map(id -> "t" + id).collect(Collectors.toSet());
        List<String> keys = strings(browser.eval("timescope.keys()"));
        assertThat(keys).containsAll(recorded);
        assertThat(keys.stream().filter(k -> k.startsWith("t"))).hasSameSizeAs(recorded);
        assertThat(browser.eval("timescope.summary.tasks").asInt()).isEqualTo(recorded.size());
        assertThat(browser.eval("timescope.visibleRows()").asInt()).isEqualTo(keys.size());
        assertThat(browser.problems()).isEmpty();
    }

    @Test
    void typingInTheSearchBoxNarrowsTheRows() throws Exception {
        browser.open(page("day-search", Fixtures.day()));
        int all = browser.eval("timescope.visibleRows()").asInt();

        browser.eval("(() => { const s = document.getElementById('search'); s.value = 'GET /orders';"
                + " s.dispatchEvent(new Event('input')); })()");
        browser.awaitTrue("timescope.visibleRows() < " + all);
        // The twelve requests and the rows above them: their scope and its domain.
        assertThat(browser.eval("timescope.matched").asInt()).isEqualTo(12);
        assertThat(browser.eval("timescope.visibleRows()").asInt()).isEqualTo(12 + 2);
        assertThat(browser.eval("document.getElementById('count').textContent").asText())
                .isEqualTo("12 of " + all + " rows match");

        assertThat(browser.eval("timescope.search('charge card')").asInt()).isEqualTo(3);
        assertThat(browser.eval("timescope.search('#30')").asInt()).isEqualTo(3);
        assertThat(strings(browser.eval("timescope.visibleKeys()"))).endsWith("t30");
        assertThat(browser.eval("timescope.search('no row is called this')").asInt()).isZero();
        assertThat(browser.eval("document.getElementById('empty').hidden").asBoolean()).isFalse();
        assertThat(browser.eval("timescope.search('')").asInt()).isEqualTo(all);
        assertThat(browser.problems()).isEmpty();
    }

    @Test
    void collapsingHidesASubtreeAndTheOutcomeFilterNarrows() throws Exception {
        browser.open(page("day-collapse", Fixtures.day()));
        int all = browser.eval("timescope.visibleRows()").asInt();
        browser.eval("document.getElementById('collapse-all').click()");
        int collapsed = browser.eval("timescope.visibleRows()").asInt();
        assertThat(collapsed).isLessThan(all);
        browser.eval("document.getElementById('expand-all').click()");
        assertThat(browser.eval("timescope.visibleRows()").asInt()).isEqualTo(all);

        browser.eval("document.querySelector('#outcomes button[data-outcome=\"1\"]').click()");
        assertThat(browser.eval("timescope.matched").asInt()).isEqualTo(3); // two tasks and the checkout scope
        browser.eval("document.querySelector('#outcomes button[data-outcome=\"-1\"]').click()");
        assertThat(browser.eval("timescope.visibleRows()").asInt()).isEqualTo(all);
        browser.eval("document.getElementById('axis-real').click()");
        browser.eval("document.getElementById('zoom-in').click()");
        browser.eval("new Promise(r => requestAnimationFrame(() => r(true)))");
        assertThat(browser.problems()).isEmpty();
    }

    @Test
    void thePageWritesDurationsAsTheTextTreeDoes() throws Exception {
        browser.open(page("day-durations", Fixtures.day()));
        for (long nanos : new long[] {0, 999, 1_500, 100_000_000, 250_000_000, 1_800_000_000L, 10_000_000_000L,
                3_000_000_000L, 90_000_000_000L, 7_500_000_000_000L, 86_400_000_000_000L}) {
            assertThat(browser.eval("timescope.formatDuration(" + nanos + ")").asText()).as("%d ns", nanos)
                    .isEqualTo(Durations.format(nanos));
        }
    }

    @Test
    void selectingTheFirstFailureShowsItsExceptionAndTheSiblingsItCancelled() throws Exception {
        browser.open(page("day-select", Fixtures.day()), "#select=t30");
        assertThat(browser.eval("document.getElementById('d-name').textContent").asText()).isEqualTo("charge card");
        String details = browser.eval("document.getElementById('d-body').textContent").asText();
        assertThat(details).contains("java.io.IOException: payment gateway answered 502 Bad Gateway")
                .contains("cancelled 2 tasks").contains("reserve stock").contains("prepare receipt");
        assertThat(browser.problems()).isEmpty();
    }

    @Test
    void namesThatAreMarkupShowAsTextAndRunNothing() throws Exception {
        browser.open(page("markup", Fixtures.markup()));
        List<String> names = strings(browser.eval("timescope.names()"));
        assertThat(names).contains("<script>window.pwned='domain'</script>",
                "<img src=x onerror=\"window.pwned='scope'\">", "<img src=x onerror=alert(1)>",
                "<svg onload=\"window.pwned='svg'\">\u2028&amp;");

        // Every place a name or message is shown as an element's text: the details panel, the tooltip, the report.
        for (String key : strings(browser.eval("timescope.keys()"))) {
            browser.eval("timescope.select('" + key + "')");
            browser.eval("(() => { const r = document.getElementById('scroller').getBoundingClientRect();"
                    + " document.getElementById('scroller').dispatchEvent(new MouseEvent('mousemove',"
                    + " {clientX: r.left + 100, clientY: r.top + 30 + 22 * 2 + 5, bubbles: true})); })()");
        }
        browser.eval("timescope.select('t" + taskId(names, "<img src=x onerror=alert(1)>") + "')");
        assertThat(browser.eval("document.getElementById('d-name').textContent").asText())
                .isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(browser.eval("document.getElementById('d-body').textContent").asText())
                .contains("</script><script>window.pwned='failure'</script>");
        browser.eval("document.getElementById('deadlock-button').click()");
        assertThat(browser.eval("document.getElementById('deadlock-body').textContent").asText())
                .contains("<iframe src=\"javascript:window.pwned='report'\"></iframe>");
        browser.eval("new Promise(r => setTimeout(() => r(true), 50))");

        assertThat(browser.eval("typeof window.pwned").asText()).isEqualTo("undefined");
        assertThat(browser.dialogs()).isEmpty();
        assertThat(browser.eval("document.querySelectorAll('img, iframe, b').length").asInt()).isZero();
        assertThat(browser.eval("document.querySelectorAll('svg').length").asInt()).isEqualTo(2); // the page's icons
        assertThat(browser.eval("[...document.querySelectorAll('*')]"
                + ".filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length").asInt()).isZero();
        assertThat(browser.eval("document.scripts.length").asInt()).isEqualTo(2);
        assertThat(browser.problems()).isEmpty();
    }

    private static int taskId(List<String> names, String name) throws Exception {
        List<String> keys = strings(browser.eval("timescope.keys()"));
        return Integer.parseInt(keys.get(names.indexOf(name)).substring(1));
    }

    @Test
    void aLargeRecordingHasEveryTaskAndSearches() throws Exception {
        Path jfr = Fixtures.large(20_000).write(dir.resolve("large.jfr"));
        browser.open(Dashboard.writeHtml(jfr, dir.resolve("large.html")));
        Set<String> recorded = RecordedIds.tasks(jfr).stream().map(id -> "t" + id).collect(Collectors.toSet());
        assertThat(strings(browser.eval("timescope.keys()"))).containsAll(recorded);
        int all = browser.eval("timescope.visibleRows()").asInt();
        assertThat(browser.eval("timescope.search('of request 123')").asInt()).isBetween(100, all - 1);
        assertThat(browser.problems()).isEmpty();
    }
}
