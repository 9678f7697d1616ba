package dev.timescope.agent.index;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar timescope-agent.jar index <index file> <jar, directory or class path>...}: makes a class index for
 * the agent's {@code index=<file>} option (the Maven plugin makes one by itself).
 */
public final class IndexCommand {

    static final String USAGE = "usage: java -jar timescope-agent.jar index <index file to write> <jar, directory or"
            + " class path>...\n  Makes a class index for -javaagent:timescope-agent.jar=index=<index file>: the agent"
            + " then skips its check of every class of an indexed jar that cannot need rewriting.";

    private IndexCommand() {
    }

    /**
     * The jar's {@code Main-Class}.
     *
     * @param args {@code index}, the index file, then jars, directories or class paths
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("index")) {
            err.println(args.length == 0 ? "error: no command given; the only command is index."
                    : "error: unknown command \"" + args[0] + "\"; the only command is index.");
            err.println(USAGE);
            return 2;
        }
        if (args.length < 3) {
            err.println("error: index needs the index file to write and at least one jar, directory or class path.");
            err.println(USAGE);
            return 2;
        }
        Path output = Path.of(args[1]);
        List<Path> classPath = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            for (String entry : args[i].split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    classPath.add(Path.of(entry));
                }
            }
        }
        try {
            ClassIndexWriter.Summary summary = ClassIndexWriter.write(output, classPath);
            out.println("wrote " + output + ": " + summary);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
