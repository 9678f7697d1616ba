package dev.timescope.it.concurrency;

import static dev.timescope.it.concurrency.Jobs.failAfter;
import static dev.timescope.it.concurrency.Jobs.sleepThen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.ScopeTimeoutException;
import dev.timescope.Supervisor;
import dev.timescope.Task;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** aiotools' Supervisor tests (test_supervisor.py of aiotools 2.x), in virtual time. */
@VirtualTime
class SupervisorTimingTest {

    private final List<Task<Integer>> tasks = new ArrayList<>();

    private void forkThree(Supervisor s) {
        tasks.add(s.fork(sleepThen(100, 1)));
        tasks.add(s.fork(failAfter(200)));
        tasks.add(s.fork(sleepThen(300, 3)));
    }

    /** test_supervisor_partial_failure. */
    @Test
    void supervisorPartialFailure(VirtualClock clock) throws Exception {
        Supervisor.builder().run(this::forkThree);
        Outcomes<Integer> o = Outcomes.of(tasks, List.of());
        assertThat(o.results).containsExactly(1, 3);
        assertThat(o.errors).singleElement().isInstanceOf(ArithmeticException.class);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(300));
    }

    /** test_supervisor_timeout_before_failure. */
    @Test
    void supervisorTimeoutBeforeFailure(VirtualClock clock) {
        assertThatThrownBy(() -> Supervisor.builder().timeout(Duration.ofMillis(150)).run(this::forkThree))
                .isInstanceOf(ScopeTimeoutException.class);
        Outcomes<Integer> o = Outcomes.of(tasks, List.of());
        assertThat(o.results).containsExactly(1);
        assertThat(o.errors).isEmpty();
        assertThat(o.cancelled).isEqualTo(2);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(150));
    }

    /** test_supervisor_timeout_after_failure. */
    @Test
    void supervisorTimeoutAfterFailure(VirtualClock clock) {
        assertThatThrownBy(() -> Supervisor.builder().timeout(Duration.ofMillis(250)).run(this::forkThree))
                .isInstanceOf(ScopeTimeoutException.class);
        Outcomes<Integer> o = Outcomes.of(tasks, List.of());
        assertThat(o.results).containsExactly(1);
        assertThat(o.errors).singleElement().isInstanceOf(ArithmeticException.class);
        assertThat(o.cancelled).isEqualTo(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(250));
    }
}
