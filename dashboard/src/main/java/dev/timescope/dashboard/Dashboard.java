package dev.timescope.dashboard;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a JFR recording of timescope's events into a dashboard: one self-contained HTML page, the tree as text, or
 * the tree as JSON. The command line ({@link Main}) and programs that record themselves (a demo, a test extension)
 * both use it.
 *
 * <pre>{@code
 * Path page = Dashboard.writeHtml(Path.of("target/day.jfr"), Path.of("target/day.html"));
 * }</pre>
 */
public final class Dashboard {

    private Dashboard() {
    }

    /**
     * Where the page of a recording goes by default: beside it, with {@code .html} in place of {@code .jfr}.
     *
     * @param recording the recording's path
     * @return the page's path, in the recording's folder
     */
    public static Path htmlPathFor(Path recording) {
        String name = recording.getFileName().toString();
        String base = name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        return recording.resolveSibling(base + ".html");
    }

    /**
     * Reads a recording and writes its page.
     *
     * @param recording a JFR recording with timescope's events
     * @param html the page to write; its folder is created if missing, an existing file is replaced
     * @return {@code html}, for printing
     * @throws DashboardException if the recording is missing, is not a JFR recording, has no timescope events, or
     *     the page cannot be written; the message names the file
     */
    public static Path writeHtml(Path recording, Path html) throws DashboardException {
        TaskTree tree = RecordingReader.read(recording);
        write(html, out -> HtmlWriter.write(tree, out));
        return html;
    }

    /**
     * Reads a recording and writes its tree as JSON (format: docs/dashboard.md).
     *
     * @param recording a JFR recording with timescope's events
     * @param json the file to write; its folder is created if missing, an existing file is replaced
     * @return {@code json}, for printing
     * @throws DashboardException if the recording cannot be read as {@link #writeHtml} says, or the file cannot be
     *     written
     */
    public static Path writeJson(Path recording, Path json) throws DashboardException {
        TaskTree tree = RecordingReader.read(recording);
        write(json, out -> JsonTree.write(tree, out));
        return json;
    }

    /**
     * Reads a recording and prints its tree as text, indented like {@code pstree}, one line per domain, scope and
     * task with its outcome and its virtual and real durations.
     *
     * @param recording a JFR recording with timescope's events
     * @param out where to print
     * @throws DashboardException if the recording cannot be read as {@link #writeHtml} says
     */
    public static void printTree(Path recording, PrintStream out) throws DashboardException {
        TextTree.print(RecordingReader.read(recording), out);
    }

    interface Output {
        void writeTo(Writer out) throws IOException;
    }

    static void write(Path file, Output output) throws DashboardException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                output.writeTo(out);
            }
        } catch (IOException e) {
            throw new DashboardException(file + ": cannot be written (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }
}
