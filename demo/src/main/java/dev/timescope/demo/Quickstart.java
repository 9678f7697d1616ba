package dev.timescope.demo;

import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.VirtualClock;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The structured-concurrency quickstart (docs/structured-concurrency.md), line by line: Alpha (2 s), Beta (1 s)
 * and Gamma (3 s) tell their story; Beta's result is awaited inside the scope, every result read after it.
 * On the virtual clock it takes exactly 3 s, and no real time.
 */
public final class Quickstart {

    private final PrintStream out;

    Quickstart(PrintStream out) {
        this.out = out;
    }

    private String worker(String name, int seconds) throws InterruptedException {
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        out.println(name + " done after " + seconds + " s");
        return name;
    }

    /** Runs the story on the calling thread; returns the virtual time it took when run on a clock. */
    void run() throws InterruptedException {
        Task<String> alpha;
        Task<String> beta;
        Task<String> gamma;
        try (TaskScope scope = TaskScope.open()) {
            alpha = scope.fork(() -> worker("Alpha", 2));
            beta = scope.fork(() -> worker("Beta", 1));
            gamma = scope.fork(() -> worker("Gamma", 3));
            out.println("Beta says " + beta.join());
        }
        out.println(alpha.resultNow() + ", " + beta.resultNow() + ", " + gamma.resultNow());
    }

    public static void main(String[] args) throws InterruptedException {
        if (!VirtualClock.isAgentInstalled()) {
            System.err.println("Run it under the timescope agent: java -javaagent:timescope-agent.jar ...");
            System.exit(2);
        }
        try (VirtualClock clock = VirtualClock.start()) {
            new Quickstart(System.out).run();
            System.out.println("virtual time taken: " + clock.elapsed().toMillis() + " ms");
        }
    }
}
