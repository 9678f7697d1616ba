package dev.timescope.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Passes a child's output on to this JVM's {@code System.out} or {@code System.err}, line by line, on a daemon
 * thread; hands the control lines (see {@link ControlLine}) to the parent instead.
 */
final class OutputPump {

    private OutputPump() {
    }

    /**
     * @param toStderr whether the lines go to {@code System.err} (else {@code System.out}), read when each line
     *     arrives, so a test that captures either sees the child's output
     * @return completes once the output has ended (the child has closed it, usually by exiting)
     */
    static CompletableFuture<Void> start(InputStream output, boolean toStderr, Consumer<String> control, String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String command = ControlLine.control(line);
                    PrintStream target = toStderr ? System.err : System.out;
                    if (command == null) {
                        target.println(line);
                    } else {
                        String before = ControlLine.before(line);
                        if (!before.isEmpty()) {
                            target.print(before);
                        }
                        control.accept(command);
                    }
                }
            } catch (IOException e) {
                // The child is gone; so is its output.
            } finally {
                done.complete(null);
            }
        }, name);
        pump.setDaemon(true);
        pump.start();
        return done;
    }
}
