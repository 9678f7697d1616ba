package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.testing.JfrCapture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.AnnotationElement;
import jdk.jfr.EventType;
import jdk.jfr.Relational;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

/** The JFR events of scopes, tasks and cancellations (docs/events.md), read back from a recording file. */
class RecordedEventsTest {

    private static final List<String> JFR_OWN_FIELDS = List.of("startTime", "duration", "eventThread", "stackTrace");

    @Test
    void nestedScopesNameTheirParentScopeAndTheirParentTask() throws Exception {
        Task<?>[] parent = new Task<?>[1];
        long[] ids = new long[4];
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            try (TaskScope outer = TaskScope.open("outer")) {
                ids[0] = outer.id();
                parent[0] = outer.fork("parent", () -> {
                    try (TaskScope inner = TaskScope.open("inner")) {
                        ids[1] = inner.id();
                        ids[2] = inner.fork("child", () -> "done").id();
                    }
                    return null;
                });
                try (Supervisor nested = Supervisor.open("nested")) {
                    ids[3] = nested.id();
                }
            }
            events = capture.stop();
        }
        Map<String, RecordedEvent> scopes = byName(events, "dev.timescope.Scope");
        Map<String, RecordedEvent> tasks = byName(events, "dev.timescope.Task");
        long parentId = parent[0].id();

        assertThat(scopes.get("outer").getLong("scopeId")).isEqualTo(ids[0]);
        assertThat(scopes.get("outer").getLong("parentScopeId")).isZero();
        assertThat(scopes.get("outer").getLong("parentTaskId")).isZero();
        assertThat(scopes.get("outer").getString("kind")).isEqualTo("TaskScope");
        assertThat(scopes.get("outer").getString("outcome")).isEqualTo("SUCCESS");
        assertThat(scopes.get("inner").getLong("scopeId")).isEqualTo(ids[1]);
        assertThat(scopes.get("inner").getLong("parentScopeId")).isEqualTo(ids[0]);
        assertThat(scopes.get("inner").getLong("parentTaskId")).isEqualTo(parentId);
        assertThat(scopes.get("nested").getLong("parentScopeId")).isEqualTo(ids[0]);
        assertThat(scopes.get("nested").getLong("parentTaskId")).isZero();
        assertThat(scopes.get("nested").getString("kind")).isEqualTo("Supervisor");

        assertThat(tasks.get("parent").getLong("taskId")).isEqualTo(parentId);
        assertThat(tasks.get("parent").getLong("scopeId")).isEqualTo(ids[0]);
        assertThat(tasks.get("parent").getLong("parentTaskId")).isZero();
        assertThat(tasks.get("child").getLong("taskId")).isEqualTo(ids[2]);
        assertThat(tasks.get("child").getLong("scopeId")).isEqualTo(ids[1]);
        assertThat(tasks.get("child").getLong("parentTaskId")).isEqualTo(parentId);
        assertThat(tasks.get("child").getString("outcome")).isEqualTo("SUCCESS");
        assertThat(tasks.get("child").getString("failure")).isNull();
        // A task ends before its scope, a child scope before its parent task.
        assertThat(tasks.get("child").getEndTime()).isBeforeOrEqualTo(scopes.get("inner").getEndTime());
        assertThat(scopes.get("inner").getEndTime()).isBeforeOrEqualTo(tasks.get("parent").getEndTime());
        // Outside a domain, no virtual time.
        assertThat(tasks.get("child").getLong("domainId")).isZero();
        assertThat(tasks.get("child").getLong("virtualDuration")).isZero();
    }

    @Test
    void aFailFastGroupRecordsItsFirstFailureAndTheCancellationsItCaused() throws Exception {
        CountDownLatch siblingsWaiting = new CountDownLatch(2);
        Task<?>[] forked = new Task<?>[3];
        long[] groupId = new long[1];
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            assertThatThrownBy(() -> TaskGroup.builder().name("group").run(group -> {
                groupId[0] = group.id();
                forked[0] = group.fork("sibling-1", () -> {
                    siblingsWaiting.countDown();
                    return Sync.blockUntilCancelled();
                });
                forked[1] = group.fork("sibling-2", () -> {
                    siblingsWaiting.countDown();
                    return Sync.blockUntilCancelled();
                });
                siblingsWaiting.await();
                forked[2] = group.fork("boom", () -> {
                    throw new IllegalStateException("boom");
                });
                Sync.blockUntilCancelled();
            })).isInstanceOf(ScopeFailedException.class);
            events = capture.stop();
        }
        Map<String, RecordedEvent> tasks = byName(events, "dev.timescope.Task");
        RecordedEvent boom = tasks.get("boom");
        assertThat(boom.getString("outcome")).isEqualTo("FAILED");
        assertThat(boom.getString("failure")).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(boom.getString("failureStack")).startsWith("java.lang.IllegalStateException: boom\n\tat ")
                .contains(RecordedEventsTest.class.getName());
        assertThat(tasks.get("sibling-1").getString("outcome")).isEqualTo("CANCELLED");
        assertThat(tasks.get("sibling-2").getString("outcome")).isEqualTo("CANCELLED");
        assertThat(tasks.get("sibling-1").getString("failureStack")).isNull();

        List<RecordedEvent> cancels = of(events, "dev.timescope.TaskCancel");
        assertThat(cancels).extracting(e -> e.getLong("taskId"))
                .containsExactlyInAnyOrder(forked[0].id(), forked[1].id());
        assertThat(cancels).allSatisfy(e -> {
            assertThat(e.getString("reason")).isEqualTo("FAIL_FAST");
            assertThat(e.getLong("requesterTaskId")).isEqualTo(forked[2].id());
            assertThat(e.getLong("scopeId")).isEqualTo(groupId[0]);
            assertThat(e.getString("detail")).isEqualTo("a task failed: java.lang.IllegalStateException: boom");
            assertThat(e.getThread().getJavaName()).isEqualTo("boom");
        });

        RecordedEvent group = byName(events, "dev.timescope.Scope").get("group");
        assertThat(group.getString("kind")).isEqualTo("TaskGroup");
        assertThat(group.getString("outcome")).isEqualTo("FAILED");
        assertThat(group.getString("failure")).startsWith(ScopeFailedException.class.getName() + ": scope group failed");
        assertThat(group.getString("abortReason")).isEqualTo("a task failed: java.lang.IllegalStateException: boom");
    }

    @Test
    void aSupervisorCancelsNothingWhenATaskFails() throws Exception {
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            try (Supervisor supervisor = Supervisor.open("supervisor")) {
                supervisor.fork("fails", () -> {
                    throw new IllegalArgumentException("bad");
                });
                supervisor.fork("succeeds", () -> "fine");
            }
            events = capture.stop();
        }
        Map<String, RecordedEvent> tasks = byName(events, "dev.timescope.Task");
        assertThat(tasks.get("fails").getString("outcome")).isEqualTo("FAILED");
        assertThat(tasks.get("fails").getString("failure")).isEqualTo("java.lang.IllegalArgumentException: bad");
        assertThat(tasks.get("succeeds").getString("outcome")).isEqualTo("SUCCESS");
        assertThat(of(events, "dev.timescope.TaskCancel")).isEmpty();
        RecordedEvent scope = byName(events, "dev.timescope.Scope").get("supervisor");
        assertThat(scope.getString("outcome")).isEqualTo("SUCCESS");
        assertThat(scope.getString("abortReason")).isNull();
    }

    @Test
    void anExplicitCancelNamesTheTaskThatAsked() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Task<?>[] forked = new Task<?>[2];
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            try (Supervisor scope = Supervisor.open("s")) {
                forked[0] = scope.fork("victim", () -> {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                });
                forked[1] = scope.fork("canceller", () -> {
                    started.await();
                    Cancellation.cancelAndWait(forked[0]);
                    return null;
                });
            }
            events = capture.stop();
        }
        List<RecordedEvent> cancels = of(events, "dev.timescope.TaskCancel");
        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).getLong("taskId")).isEqualTo(forked[0].id());
        assertThat(cancels.get(0).getLong("requesterTaskId")).isEqualTo(forked[1].id());
        assertThat(cancels.get(0).getString("reason")).isEqualTo("CANCEL");
        assertThat(byName(events, "dev.timescope.Task").get("victim").getString("outcome")).isEqualTo("CANCELLED");
    }

    @Test
    void abortingAScopeRecordsItsCancellationsAndItsOutcome() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            try (TaskScope scope = TaskScope.open("aborted")) {
                scope.fork("waits", () -> {
                    started.countDown();
                    return Sync.blockUntilCancelled();
                });
                started.await();
                scope.abort();
            }
            events = capture.stop();
        }
        assertThat(of(events, "dev.timescope.TaskCancel")).singleElement()
                .satisfies(e -> assertThat(e.getString("reason")).isEqualTo("ABORT"))
                .satisfies(e -> assertThat(e.getLong("requesterTaskId")).isZero());
        assertThat(byName(events, "dev.timescope.Scope").get("aborted").getString("outcome")).isEqualTo("ABORTED");
    }

    @Test
    void aRaceAbortsItsLosersFromTheThreadThatRaced() throws Exception {
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            CountDownLatch loserWaiting = new CountDownLatch(1);
            String winner = Tasks.race(List.of(
                    () -> {
                        loserWaiting.await();
                        return "winner";
                    },
                    () -> {
                        loserWaiting.countDown();
                        return Sync.blockUntilCancelled();
                    }));
            assertThat(winner).isEqualTo("winner");
            events = capture.stop();
        }
        List<RecordedEvent> tasks = of(events, "dev.timescope.Task");
        RecordedEvent won = tasks.stream().filter(e -> e.getString("outcome").equals("SUCCESS")).findFirst().orElseThrow();
        RecordedEvent lost = tasks.stream().filter(e -> e.getString("outcome").equals("CANCELLED")).findFirst().orElseThrow();
        assertThat(of(events, "dev.timescope.TaskCancel")).singleElement().satisfies(e -> {
            assertThat(e.getString("reason")).isEqualTo("ABORT");
            assertThat(e.getLong("taskId")).isEqualTo(lost.getLong("taskId"));
            assertThat(e.getLong("requesterTaskId")).isZero(); // the test's thread is no task's
            assertThat(e.getString("detail")).isEqualTo("aborted");
            assertThat(e.getLong("scopeId")).isEqualTo(won.getLong("scopeId"));
        });
        assertThat(byName(events, "dev.timescope.Scope").get("race").getString("kind")).isEqualTo("Supervisor");
    }

    @Test
    void withoutARecordingNoEventIsBuilt() throws Exception {
        try (TaskScope scope = TaskScope.open()) {
            Task<String> task = scope.fork(() -> "x");
            assertThat(task.trace).isNull();
        }
    }

    @Test
    void everyTypeAndFieldIsDescribedAndIdsAreRelational() throws Exception {
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            try (TaskScope scope = TaskScope.open()) {
                scope.fork(() -> "x");
            }
            events = capture.stop();
        }
        List<EventType> types = events.stream().map(RecordedEvent::getEventType).distinct().collect(Collectors.toList());
        assertThat(types).extracting(EventType::getName).contains("dev.timescope.Scope", "dev.timescope.Task");
        for (EventType type : types) {
            assertThat(type.getCategoryNames()).containsExactly("timescope");
            assertThat(type.getLabel()).isNotBlank();
            assertThat(type.getDescription()).isNotBlank();
            for (ValueDescriptor field : type.getFields()) {
                if (JFR_OWN_FIELDS.contains(field.getName())) {
                    continue;
                }
                assertThat(field.getLabel()).as(type.getName() + "." + field.getName()).isNotBlank();
                assertThat(field.getDescription()).as(type.getName() + "." + field.getName()).isNotBlank();
                if (field.getName().endsWith("Id")) {
                    assertThat(field.getAnnotationElements()).as(type.getName() + "." + field.getName())
                            .anySatisfy(a -> assertThat(isRelational(a)).isTrue());
                }
            }
        }
    }

    @Test
    void theTreeOfLiveScopesShowsTasksAndTheScopesTheyOpened() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TaskScope outer = TaskScope.open("outer")) {
            outer.fork("parent", () -> {
                try (TaskGroup inner = TaskGroup.open("inner")) {
                    inner.fork("child", () -> {
                        inside.countDown();
                        Sync.awaitUninterruptibly(release);
                        return null;
                    });
                }
                return null;
            });
            inside.await();
            String tree = ScopeTree.render();
            release.countDown();
            assertThat(tree).containsSubsequence(
                    "TaskScope outer #",
                    "\n  task parent #",
                    "\n    TaskGroup inner #",
                    "\n      task child #");
        }
        assertThat(ScopeTree.live()).isEmpty();
    }

    private static boolean isRelational(AnnotationElement a) {
        return a.getAnnotationElements().stream().anyMatch(m -> m.getTypeName().equals(Relational.class.getName()));
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).collect(Collectors.toList());
    }

    private static Map<String, RecordedEvent> byName(List<RecordedEvent> events, String type) {
        return of(events, type).stream().collect(Collectors.toMap(e -> e.getString("name"), Function.identity()));
    }
}
