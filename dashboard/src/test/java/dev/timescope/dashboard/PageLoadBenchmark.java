package dev.timescope.dashboard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Opens a dashboard page in headless Chromium several times and prints, by the page's own clock, the median time
 * from the start of navigation to its first drawn frame (the page's ready flag), and the median time of a search
 * and of a collapse over every row: {@code PageLoadBenchmark PAGE.html [RUNS]}. dashboard/benchmark.sh runs it.
 */
public final class PageLoadBenchmark {

    private PageLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path page = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Double> load = new ArrayList<>();
        List<Double> search = new ArrayList<>();
        List<Double> collapse = new ArrayList<>();
        int rows = 0;
        try (HeadlessChromium browser = HeadlessChromium.startOrSkip()) {
            for (int i = 0; i <= runs; i++) {
                browser.open(page);
                if (!browser.problems().isEmpty()) {
                    throw new AssertionError("the page reported problems: " + browser.problems());
                }
                rows = browser.eval("timescope.rows").asInt();
                double ready = browser.eval("timescope.readyAt").asDouble();
                double searched = browser.eval("(() => { const t = performance.now();"
                        + " timescope.search('request 4'); const d = performance.now() - t;"
                        + " timescope.search(''); return d; })()").asDouble();
                double collapsed = browser.eval("(() => { const t = performance.now();"
                        + " document.getElementById('collapse-all').click(); const d = performance.now() - t;"
                        + " document.getElementById('expand-all').click(); return d; })()").asDouble();
                if (i > 0) { // the first run warms the browser's caches
                    load.add(ready);
                    search.add(searched);
                    collapse.add(collapsed);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %,d rows; median of %d runs: first frame %.0f ms after navigation"
                + " start, search %.0f ms, collapse all %.0f ms%n", page.getFileName(), rows, runs, median(load),
                median(search), median(collapse));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
