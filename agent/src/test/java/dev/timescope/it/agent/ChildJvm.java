package dev.timescope.it.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a JVM like the one running the tests, with the given options, and collects what it said. */
final class ChildJvm {

    static final String AGENT_JAR = System.getProperty("timescope.agent.jar");

    final int exitCode;
    final String out;
    final String err;

    private ChildJvm(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static ChildJvm run(List<String> jvmOptions, String... mainAndArgs) throws IOException, InterruptedException {
        return runWithClassPath(System.getProperty("java.class.path"), jvmOptions, mainAndArgs);
    }

    static ChildJvm runWithClassPath(String classPath, List<String> jvmOptions, String... mainAndArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmOptions);
        if (classPath != null) {
            command.add("-cp");
            command.add(classPath);
        }
        command.addAll(List.of(mainAndArgs));
        File outFile = File.createTempFile("child", ".out");
        File errFile = File.createTempFile("child", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(outFile).redirectError(errFile).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) { // a safety net only: these JVMs take well under a second
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish: " + command);
            }
            return new ChildJvm(p.exitValue(), Files.readString(outFile.toPath(), StandardCharsets.UTF_8),
                    Files.readString(errFile.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(outFile.toPath());
            Files.deleteIfExists(errFile.toPath());
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nout:\n" + out + "\nerr:\n" + err;
    }
}
