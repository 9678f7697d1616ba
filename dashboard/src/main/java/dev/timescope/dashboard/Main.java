package dev.timescope.dashboard;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The command line: {@code java -jar timescope-dashboard.jar RECORDING.jfr [-o FILE.html] [--tree] [--json FILE]}.
 * Writes {@code RECORDING.html} beside the recording and prints its path; {@code --tree} prints the tree as text,
 * {@code --json} writes it as JSON. A problem with the input is one line on standard error and exit status 1; a
 * command line that cannot be run, exit status 2.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line's arguments
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line without exiting, for programs and tests.
     *
     * @param args the command line's arguments
     * @param out where paths, the text tree and the help go
     * @param err where a problem goes, as one line
     * @return 0 on success, 1 when the input or output is wrong, 2 when the command line is
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (Options.UsageException e) {
            err.println("timescope-dashboard: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.println(Options.USAGE);
            out.println("  Writes RECORDING.html beside the recording (or FILE.html with -o) and prints its path.");
            out.println("  --tree       print the scope and task tree as text instead");
            out.println("  --json FILE  write the tree as JSON (- for standard output)");
            return 0;
        }
        try {
            TaskTree tree = RecordingReader.read(options.recording());
            if (options.tree()) {
                TextTree.print(tree, out);
            }
            if (options.json() != null) {
                if (options.json().toString().equals("-")) {
                    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    JsonTree.write(tree, writer);
                    writer.write(System.lineSeparator());
                    writer.flush();
                } else {
                    Dashboard.write(options.json(), w -> JsonTree.write(tree, w));
                    out.println(options.json());
                }
            }
            if (options.html() != null) {
                Dashboard.write(options.html(), w -> HtmlWriter.write(tree, w));
                out.println(options.html());
            }
            return 0;
        } catch (DashboardException e) {
            err.println("timescope-dashboard: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("timescope-dashboard: standard output: " + e.getMessage());
            return 1;
        }
    }
}
