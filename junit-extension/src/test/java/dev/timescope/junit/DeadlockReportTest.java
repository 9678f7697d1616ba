package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.DeadlockError;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Contract section 4, "Deadlock": two members waiting forever for each other's
 * latch fail the test, after the deadlock grace (1 s of real time by default), with a report naming
 * every thread, its state and its stack, instead of hanging.
 */
class DeadlockReportTest {

    @Test
    void twoMembersWaitingForEachOtherFailTheTestWithAReport() {
        EngineExecutionResults results = TestKit.run(TwoLatches.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        List<Throwable> failures = TestKit.failures(results);
        assertThat(failures).singleElement().isInstanceOf(DeadlockError.class);
        String report = failures.get(0).getMessage();
        assertThat(report)
                .contains("deadlock in virtual-time domain \"TwoLatches#waitForEachOther\"")
                .contains("Every member is blocked and no timer is pending")
                .contains("\"alice\": parked on java.util.concurrent.CountDownLatch$Sync")
                .contains("\"bob\": parked on java.util.concurrent.CountDownLatch$Sync")
                .contains("(root): joining thread \"alice\"")
                .contains("dev.timescope.junit.DeadlockReportTest$TwoLatches.lambda$waitForEachOther$0(DeadlockReportTest.java")
                .contains("dev.timescope.junit.DeadlockReportTest$TwoLatches.lambda$waitForEachOther$1(DeadlockReportTest.java")
                .contains("java.util.concurrent.CountDownLatch.await(CountDownLatch.java")
                .contains("created at dev.timescope.junit.DeadlockReportTest$TwoLatches.waitForEachOther")
                .contains("more (reflection, test framework)");
        // The report is the primary failure; the blocked call that threw it is where the root waited.
        assertThat(failures.get(0).getStackTrace()[0].getClassName()).startsWith("dev.timescope.internal");
    }

    @Test
    void theGraceIsConfigurableAndNamedInTheReport() {
        List<Throwable> failures = TestKit.failures(TestKit.run(ShortGrace.class));

        assertThat(failures).singleElement().isInstanceOf(DeadlockError.class);
        assertThat(failures.get(0).getMessage()).contains("during 100ms of real time (the deadlock grace)");
    }

    /** Not run by Surefire on its own (a nested class); run through the test kit above. */
    @VirtualTime
    static class TwoLatches {
        @Test
        void waitForEachOther() throws InterruptedException {
            CountDownLatch aliceDone = new CountDownLatch(1);
            CountDownLatch bobDone = new CountDownLatch(1);
            Thread alice = new Thread(() -> awaitThenCountDown(bobDone, aliceDone), "alice");
            Thread bob = new Thread(() -> awaitThenCountDown(aliceDone, bobDone), "bob");
            alice.start();
            bob.start();
            alice.join();
            bob.join();
        }
    }

    @VirtualTime(deadlockGrace = "PT0.1S")
    static class ShortGrace {
        @Test
        void waitForever() throws InterruptedException {
            new CountDownLatch(1).await();
        }
    }

    private static void awaitThenCountDown(CountDownLatch awaited, CountDownLatch mine) {
        try {
            awaited.await();
        } catch (InterruptedException e) {
            return;
        }
        mine.countDown();
    }
}
