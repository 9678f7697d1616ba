package dev.timescope.demo;

import dev.timescope.VirtualClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Runs a service's day on the virtual clock and says how long it took for real, recording it for the dashboard.
 * Start it under the agent: the README's first command does.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        if (!VirtualClock.isAgentInstalled()) {
            System.err.println("Run the demo under the timescope agent: java -javaagent:timescope-agent.jar ...;"
                    + " the README's demo command does it for you.");
            System.exit(2);
        }
        DemoRecording recording = new DemoRecording(Path.of("target", "demo.jfr"), System.out);
        try {
            run(System.out);
        } finally {
            recording.close();
        }
    }

    /** The service's day and the quick start, each on a clock of its own, told on {@code out}. */
    static void run(PrintStream out) throws InterruptedException {
        Timeline timeline = new Timeline(out);
        long realStart = System.nanoTime(); // outside the domain: real time
        Duration virtual;
        try (VirtualClock clock = VirtualClock.builder().startAt(Instant.parse("2030-01-07T00:00:00Z")).start()) {
            out.println("A day in the life of a small service, on timescope's virtual clock:\n");
            new DayInTheLife(timeline).run();
            virtual = clock.elapsed();
        }
        Duration real = Duration.ofNanos(System.nanoTime() - realStart);
        out.printf(Locale.ROOT, "%nSimulated %s of the service's life in %d ms of real time (%,.0f times faster).%n",
                describe(virtual), real.toMillis(), (double) virtual.toNanos() / real.toNanos());

        out.println("\nAnd the structured-concurrency quick start (README), on a clock of its own:\n");
        try (VirtualClock clock = VirtualClock.start()) {
            new Quickstart(out).run();
            out.println("virtual time taken: " + clock.elapsed().toMillis() + " ms");
        }
    }

    static String describe(Duration d) {
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
