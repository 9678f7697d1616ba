package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Opening and closing 100 000 scopes leaves no thread and no memory behind. */
class ScopeChurnTest {

    private static final int SCOPES = 100_000;

    @Test
    void openingAndClosingAHundredThousandScopesLeavesNoThreadAndNoMemoryBehind() throws Exception {
        churn(2_000); // warm up: class loading, JIT, the virtual-thread scheduler's carriers
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapBefore = heapAfterGc();

        churn(SCOPES);

        long heapAfter = heapAfterGc();
        // At most as many: a thread of an earlier test may still have been ending when the first count was taken.
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).as("live platform threads").isLessThanOrEqualTo(threadsBefore);
        assertThat(heapAfter - heapBefore).as("heap retained by %d scopes, bytes", SCOPES).isLessThan(4L << 20);
        assertThat(ThreadState.current()).as("the owner thread keeps no state").isNull();
    }

    /**
     * Plain scopes, with a task in one of 50 and a timeout (its timer thread) in one of 100. The last
     * thousand fork nothing, so every task thread has long ended when the threads are counted.
     */
    private static void churn(int scopes) throws Exception {
        for (int i = 0; i < scopes; i++) {
            boolean late = i >= scopes - 1_000;
            TaskScope.Builder<TaskScope> b = TaskScope.builder();
            if (i % 100 == 0 && !late) {
                b.timeout(Duration.ofHours(1));
            }
            try (TaskScope scope = b.open()) {
                if (i % 50 == 0 && !late) {
                    scope.fork(() -> 1).join();
                }
            }
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // the lowest of a few full collections
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
