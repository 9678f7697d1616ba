package dev.timescope.dashboard;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes the page: one HTML file with its style, script and data inline, so it opens anywhere with no network and
 * no server. The data is JSON in a {@code <script type="application/json">} element, written through
 * {@link ScriptSafeWriter}; the script shows every name and message as text.
 */
final class HtmlWriter {

    private static final String TEMPLATE = resource("dashboard.html");
    private static final String STYLE = resource("dashboard.css");
    private static final String SCRIPT = resource("dashboard.js");
    private static final String DATA_MARK = "@DATA@";
    /**
     * No network at all, and only the page's own script runs: even markup that reached the document could not
     * load anything or run a handler.
     */
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '"
            + sha256(SCRIPT) + "'";

    private HtmlWriter() {
    }

    static void write(TaskTree tree, Writer out) throws IOException {
        String page = TEMPLATE
                .replace("/*@STYLE@*/", STYLE)
                .replace("/*@SCRIPT@*/", SCRIPT)
                .replace("@CSP@", CSP)
                .replace("@TITLE@", escapeHtml(tree.title) + " \u2014 timescope");
        int data = page.indexOf(DATA_MARK);
        BufferedWriter buffered = new BufferedWriter(out, 1 << 16);
        buffered.write(page, 0, data);
        new PageData(tree).write(new ScriptSafeWriter(buffered));
        buffered.write(page, data + DATA_MARK.length(), page.length() - data - DATA_MARK.length());
        buffered.flush();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's jar lacks its resource " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!name.endsWith(".html") && text.toLowerCase(Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(name + " must not contain </script");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
