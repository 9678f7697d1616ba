package dev.timescope.dashboard;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line: {@code RECORDING.jfr [-o FILE] [--tree] [--json FILE]}. Without {@code --tree} or
 * {@code --json} the page is written; with them, the page only when {@code -o} asks for it too.
 */
record Options(Path recording, Path html, boolean tree, Path json, boolean help) {

    static final String USAGE = "usage: java -jar timescope-dashboard.jar RECORDING.jfr [-o FILE.html] [--tree]"
            + " [--json FILE.json|-]";
    static final String VALID = "valid options: -o FILE, --tree, --json FILE, --help";

    /** Thrown for a command line that cannot be run; its message is the one line to print. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(List<String> args) throws UsageException {
        Path recording = null;
        Path html = null;
        Path json = null;
        boolean tree = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-h", "--help" -> {
                    return new Options(null, null, false, null, true);
                }
                case "-o", "--output" -> {
                    html = Path.of(value(args, ++i, arg, "the HTML file to write"));
                }
                case "--json" -> {
                    json = Path.of(value(args, ++i, arg, "the JSON file to write, or - for standard output"));
                }
                case "--tree" -> tree = true;
                default -> {
                    if (arg.startsWith("-") && !arg.equals("-")) {
                        throw new UsageException("unknown option " + arg + "; " + VALID);
                    }
                    if (recording != null) {
                        throw new UsageException("one recording expected, got " + recording + " and " + arg
                                + "; " + USAGE);
                    }
                    recording = Path.of(arg);
                }
            }
        }
        if (recording == null) {
            throw new UsageException("no recording given; " + USAGE);
        }
        if (html == null && !tree && json == null) {
            html = Dashboard.htmlPathFor(recording);
        }
        return new Options(recording, html, tree, json, false);
    }

    private static String value(List<String> args, int i, String option, String what) throws UsageException {
        if (i >= args.size() || args.get(i).isEmpty()) {
            throw new UsageException("option " + option + " needs a value: " + what);
        }
        return args.get(i);
    }
}
