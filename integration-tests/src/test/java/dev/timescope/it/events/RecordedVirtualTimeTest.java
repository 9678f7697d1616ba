package dev.timescope.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.timescope.ScopeTimeoutException;
import dev.timescope.Task;
import dev.timescope.TaskScope;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import dev.timescope.testing.JfrCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The events of docs/events.md recorded around whole {@code @VirtualTime} tests (run through the test kit, so
 * that the recording spans the domain's start and close): virtual time on every event, the domain, its clock's
 * advances, a timeout's cancellations and a deadlock.
 */
class RecordedVirtualTimeTest {

    private static final long START_MILLIS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    @Test
    void theQuickStartRecordsOneScopeAndThreeTasksOfExactlyTwoOneAndThreeSeconds() {
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            assertPassed(run(Quickstart.class), 1);
            events = capture.stop();
        }
        RecordedEvent domain = single(events, "dev.timescope.VirtualTimeDomain");
        assertThat(domain.getString("name")).isEqualTo("Quickstart#alphaBetaGamma");
        assertThat(domain.getLong("virtualStart")).isEqualTo(START_MILLIS);
        assertThat(domain.getLong("virtualDuration")).isEqualTo(Duration.ofSeconds(3).toNanos());
        long domainId = domain.getLong("domainId");
        assertThat(domainId).isPositive();

        RecordedEvent scope = single(events, "dev.timescope.Scope");
        assertThat(scope.getString("kind")).isEqualTo("TaskScope");
        assertThat(scope.getString("outcome")).isEqualTo("SUCCESS");
        assertThat(scope.getLong("domainId")).isEqualTo(domainId);
        assertThat(scope.getLong("virtualStart")).isEqualTo(START_MILLIS);
        assertThat(scope.getLong("virtualDuration")).isEqualTo(Duration.ofSeconds(3).toNanos());

        List<RecordedEvent> tasks = of(events, "dev.timescope.Task").stream()
                .sorted(Comparator.comparingLong(e -> e.getLong("taskId"))) // forked Alpha, Beta, Gamma
                .collect(Collectors.toList());
        assertThat(tasks).hasSize(3).allSatisfy(task -> {
            assertThat(task.getLong("scopeId")).isEqualTo(scope.getLong("scopeId"));
            assertThat(task.getLong("domainId")).isEqualTo(domainId);
            assertThat(task.getLong("virtualStart")).isEqualTo(START_MILLIS);
            assertThat(task.getString("outcome")).isEqualTo("SUCCESS");
        });
        assertThat(tasks).extracting(task -> Duration.ofNanos(task.getLong("virtualDuration")))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(tasks).extracting(task -> task.getLong("virtualEnd"))
                .containsExactly(START_MILLIS + 2_000, START_MILLIS + 1_000, START_MILLIS + 3_000);

        List<RecordedEvent> advances = of(events, "dev.timescope.ClockAdvance").stream()
                .sorted(Comparator.comparingLong(a -> a.getLong("elapsed"))) // a file is not in time order
                .collect(Collectors.toList());
        assertThat(advances).allSatisfy(a -> {
            assertThat(a.getLong("domainId")).isEqualTo(domainId);
            assertThat(a.getString("cause")).isEqualTo("TIMER");
            assertThat(a.getInt("timersFired")).isPositive();
            assertThat(a.getLong("virtualStart")).isEqualTo(a.getLong("from"));
        });
        assertThat(advances).extracting(a -> a.getLong("from"), a -> a.getLong("to"))
                .containsExactly(
                        tuple(START_MILLIS, START_MILLIS + 1_000),
                        tuple(START_MILLIS + 1_000, START_MILLIS + 2_000),
                        tuple(START_MILLIS + 2_000, START_MILLIS + 3_000));
        assertThat(advances).extracting(a -> Duration.ofNanos(a.getLong("elapsed")))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void aTimeoutCancelsTheScopesTasksAtExactlyItsVirtualInstant() {
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            assertPassed(run(Timeout.class), 1);
            events = capture.stop();
        }
        RecordedEvent scope = single(events, "dev.timescope.Scope");
        // The tasks of an earlier test's domain may end, and be recorded, while this one runs: only its own count.
        events = ofDomain(events, scope.getLong("domainId"));
        assertThat(scope.getString("outcome")).isEqualTo("TIMED_OUT");
        assertThat(scope.getString("failure")).startsWith(ScopeTimeoutException.class.getName());
        assertThat(scope.getLong("timeout")).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(scope.getLong("virtualDuration")).isEqualTo(Duration.ofSeconds(5).toNanos());
        RecordedEvent cancel = single(events, "dev.timescope.TaskCancel");
        assertThat(cancel.getString("reason")).isEqualTo("TIMEOUT");
        assertThat(cancel.getLong("requesterTaskId")).isZero();
        assertThat(cancel.getLong("virtualStart")).isEqualTo(START_MILLIS + 5_000);
        assertThat(cancel.getString("detail")).isEqualTo("timed out after PT5S");
        RecordedEvent task = single(events, "dev.timescope.Task");
        assertThat(task.getString("outcome")).isEqualTo("CANCELLED");
        assertThat(task.getLong("taskId")).isEqualTo(cancel.getLong("taskId"));
        assertThat(task.getLong("virtualDuration")).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void aDeadlockIsRecordedWithItsReportNamingItsThreads() {
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            EngineExecutionResults results = run(Deadlock.class);
            results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
            events = capture.stop();
        }
        RecordedEvent deadlock = single(events, "dev.timescope.Deadlock");
        RecordedEvent domain = single(events, "dev.timescope.VirtualTimeDomain");
        assertThat(deadlock.getLong("domainId")).isEqualTo(domain.getLong("domainId"));
        assertThat(deadlock.getString("report"))
                .contains("deadlock in virtual-time domain \"Deadlock#waitForEachOther\"")
                .contains("\"alice\": parked on java.util.concurrent.CountDownLatch$Sync")
                .contains("\"bob\": parked on java.util.concurrent.CountDownLatch$Sync");
        assertThat(deadlock.getLong("virtualStart")).isEqualTo(START_MILLIS);
        assertThat(deadlock.getThread().getJavaName()).startsWith("timescope-");
    }

    @Test
    void aDeadlockOfTasksRecordsTheTreeOfTheirScopes() {
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            EngineExecutionResults results = run(DeadlockedTasks.class);
            results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
            events = capture.stop();
        }
        RecordedEvent deadlock = single(events, "dev.timescope.Deadlock");
        assertThat(deadlock.getString("report")).contains("\"alice\"").contains("\"bob\"");
        assertThat(deadlock.getString("scopes")).containsSubsequence(
                "TaskScope pair #",
                "\n  task alice #",
                "\n  task bob #");
        RecordedEvent scope = single(events, "dev.timescope.Scope");
        assertThat(scope.getString("outcome")).isEqualTo("FAILED");
        assertThat(scope.getString("failure")).isNotNull(); // what close() threw when the deadlock ended its wait
    }

    @Test
    void onJdk25TheTaskAndItsScopeAreTheContextOfTheirThreadsEvents() {
        assumeThat(Runtime.version().feature())
                .as("jdk.jfr.Contextual exists from JDK 25 on; the multi-release jar has no context for older JDKs")
                .isGreaterThanOrEqualTo(25);
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            assertPassed(run(Quickstart.class), 1);
            events = capture.stop();
        }
        assertThat(contextual(single(events, "dev.timescope.Scope").getEventType()))
                .containsExactly("scopeId", "name");
        assertThat(contextual(of(events, "dev.timescope.Task").get(0).getEventType()))
                .containsExactly("taskId", "name");
    }

    private static List<String> contextual(EventType type) {
        return type.getFields().stream()
                .filter(f -> f.getAnnotationElements().stream().anyMatch(a -> a.getTypeName().equals("jdk.jfr.Contextual")))
                .map(ValueDescriptor::getName)
                .collect(Collectors.toList());
    }

    // ---------------------------------------------------------------- cases, run through the test kit

    /** The README's quick start. */
    @VirtualTime
    static class Quickstart {
        @Test
        void alphaBetaGamma(VirtualClock clock) throws Exception {
            try (TaskScope scope = TaskScope.open()) {
                Task<String> alpha = scope.fork(() -> worker("Alpha", 2));
                Task<String> beta = scope.fork(() -> worker("Beta", 1));
                Task<String> gamma = scope.fork(() -> worker("Gamma", 3));
                assertThat(beta.join()).isEqualTo("Beta");
                assertThat(alpha.isDone() || gamma.isDone()).isFalse();
            }
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
        }

        private static String worker(String name, int seconds) throws InterruptedException {
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            return name;
        }
    }

    @VirtualTime
    static class Timeout {
        @Test
        void sleepsAnHourInAScopeOfFiveSeconds() {
            assertThatThrownBy(() -> {
                try (TaskScope scope = TaskScope.builder().timeout(Duration.ofSeconds(5)).open()) {
                    scope.fork(() -> {
                        Thread.sleep(Duration.ofHours(1).toMillis());
                        return null;
                    });
                }
            }).isInstanceOf(ScopeTimeoutException.class);
        }
    }

    @VirtualTime(deadlockGrace = "PT0.1S")
    static class Deadlock {
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

        private static void awaitThenCountDown(CountDownLatch awaited, CountDownLatch mine) {
            try {
                awaited.await();
            } catch (InterruptedException e) {
                return;
            }
            mine.countDown();
        }
    }

    @VirtualTime(deadlockGrace = "PT0.1S")
    static class DeadlockedTasks {
        @Test
        void waitForEachOther() throws Exception {
            CountDownLatch aliceDone = new CountDownLatch(1);
            CountDownLatch bobDone = new CountDownLatch(1);
            try (TaskScope scope = TaskScope.open("pair")) {
                scope.fork("alice", () -> {
                    bobDone.await();
                    aliceDone.countDown();
                    return null;
                });
                scope.fork("bob", () -> {
                    aliceDone.await();
                    bobDone.countDown();
                    return null;
                });
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static EngineExecutionResults run(Class<?> caseClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(caseClass)).execute();
    }

    private static void assertPassed(EngineExecutionResults results, int tests) {
        results.testEvents().failed().stream().findFirst().ifPresent(failed -> {
            throw new AssertionError("the case failed: " + failed);
        });
        results.testEvents().assertStatistics(stats -> stats.succeeded(tests).failed(0));
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).collect(Collectors.toList());
    }

    private static List<RecordedEvent> ofDomain(List<RecordedEvent> events, long domainId) {
        return events.stream().filter(e -> e.hasField("domainId") && e.getLong("domainId") == domainId)
                .collect(Collectors.toList());
    }

    private static RecordedEvent single(List<RecordedEvent> events, String type) {
        List<RecordedEvent> found = of(events, type);
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }
}
