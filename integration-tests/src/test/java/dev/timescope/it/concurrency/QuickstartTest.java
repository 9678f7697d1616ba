package dev.timescope.it.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The quickstart of the README and docs/structured-concurrency.md, line by line: exactly 3 s of virtual time. */
@VirtualTime
class QuickstartTest {

    private final List<String> printed = new CopyOnWriteArrayList<>();

    private String worker(String name, int seconds) throws InterruptedException {
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        printed.add(name + " done after " + seconds + " s");
        return name;
    }

    @Test
    void alphaBetaAndGammaTellTheirStoryInExactlyThreeSeconds(VirtualClock clock) throws Exception {
        Task<String> alpha;
        Task<String> beta;
        Task<String> gamma;
        try (TaskScope scope = TaskScope.open()) {
            alpha = scope.fork(() -> worker("Alpha", 2));
            beta = scope.fork(() -> worker("Beta", 1));
            gamma = scope.fork(() -> worker("Gamma", 3));
            printed.add("Beta says " + beta.join() + " at " + clock.elapsed().toSeconds() + " s");
        }
        printed.add(alpha.resultNow() + ", " + beta.resultNow() + ", " + gamma.resultNow());

        assertThat(printed).containsExactly(
                "Beta done after 1 s",
                "Beta says Beta at 1 s",
                "Alpha done after 2 s",
                "Gamma done after 3 s",
                "Alpha, Beta, Gamma");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }
}
