package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** aiotools' tests of Supervisor, the parts without time (the timeouts are in integration-tests). */
class SupervisorTest {

    /** test_supervisor_partial_failure: results [1, 3] and one error. */
    @Test
    void partialFailureLeavesTheOtherResultsAndOneError() throws Exception {
        List<Task<Integer>> tasks = new ArrayList<>();
        CountDownLatch failed = new CountDownLatch(1);
        try (Supervisor supervisor = Supervisor.open()) {
            tasks.add(supervisor.fork(() -> 1));
            tasks.add(supervisor.fork(() -> {
                try {
                    throw new ArithmeticException();
                } finally {
                    failed.countDown();
                }
            }));
            tasks.add(supervisor.fork(() -> {
                failed.await();
                return 3;
            }));
        }
        List<Integer> results = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (Task<Integer> t : tasks) {
            if (t.status() == Task.Status.SUCCESS) {
                results.add(t.resultNow());
            } else {
                errors.add(t.exceptionNow());
            }
        }
        assertThat(results).containsExactly(1, 3);
        assertThat(errors).singleElement().isInstanceOf(ArithmeticException.class);
    }
}
