package dev.timescope.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingReaderTest {

    @TempDir
    Path dir;

    private Map<String, Node> byName(TaskTree tree) {
        return tree.depthFirst().stream().filter(n -> !n.name.isEmpty())
                .collect(Collectors.toMap(n -> n.type.word() + ":" + n.name, Function.identity(), (a, b) -> a));
    }

    @Test
    void theQuickStartIsOneScopeOfThreeTasksWithTheirVirtualDurations() throws Exception {
        TaskTree tree = RecordingReader.read(Fixtures.day().write(dir.resolve("day.jfr")));
        Map<String, Node> rows = byName(tree);
        Node domain = rows.get("domain:quick start");
        Node scope = rows.get("scope:quick start");
        assertThat(scope.parent).isSameAs(domain);
        assertThat(scope.children).extracting(n -> n.name).containsExactlyInAnyOrder("sleep 2 s", "sleep 1 s",
                "sleep 3 s");
        assertThat(scope.children).extracting(n -> n.virtualDurationNanos).containsExactlyInAnyOrder(
                Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(3).toNanos());
        assertThat(scope.children).allSatisfy(t -> assertThat(t.outcome).isEqualTo(Outcome.SUCCESS));
        assertThat(tree.clockAdvances).filteredOn(a -> a.domain() == domain).hasSize(3);
    }

    @Test
    void aScopeOpenedByATaskSitsUnderThatTask() throws Exception {
        Map<String, Node> rows = byName(RecordingReader.read(Fixtures.day().write(dir.resolve("day.jfr"))));
        Node upload = rows.get("task:upload to storage");
        Node parts = rows.get("scope:upload parts");
        assertThat(parts.parent).isSameAs(upload);
        assertThat(upload.parent).isSameAs(rows.get("scope:nightly backup"));
        assertThat(parts.children).hasSize(4).allSatisfy(t -> assertThat(t.parent).isSameAs(parts));
        assertThat(parts.kind).isEqualTo("TaskGroup");
    }

    @Test
    void aFailFastGroupKnowsItsFirstFailureAndTheSiblingsItCancelled() throws Exception {
        TaskTree tree = RecordingReader.read(Fixtures.day().write(dir.resolve("day.jfr")));
        Map<String, Node> rows = byName(tree);
        Node checkout = rows.get("scope:checkout order 8812");
        Node charge = rows.get("task:charge card");
        assertThat(charge.outcome).isEqualTo(Outcome.FAILED);
        assertThat(charge.failure).isEqualTo("java.io.IOException: payment gateway answered 502 Bad Gateway");
        assertThat(charge.stackTrace).contains("Payments.charge");
        assertThat(checkout.firstFailure).isSameAs(charge);
        assertThat(checkout.abortReason).startsWith("a task failed");
        assertThat(tree.cancellations).filteredOn(c -> c.requester() == charge)
                .extracting(c -> c.target().name).containsExactlyInAnyOrder("reserve stock", "prepare receipt");
        Node reserve = rows.get("task:reserve stock");
        assertThat(reserve.outcome).isEqualTo(Outcome.CANCELLED);
        assertThat(reserve.cancelRequester).isEqualTo(charge.id);
        assertThat(reserve.cancelReason).startsWith("FAIL_FAST: task charge card failed");
    }

    @Test
    void aSupervisorHasAFailureAndNoCancellation() throws Exception {
        TaskTree tree = RecordingReader.read(Fixtures.day().write(dir.resolve("day.jfr")));
        Node traffic = byName(tree).get("scope:morning traffic");
        assertThat(traffic.children).filteredOn(n -> n.outcome == Outcome.FAILED).hasSize(1);
        assertThat(traffic.firstFailure).isNull();
        assertThat(tree.cancellations).noneMatch(c -> c.target().parent == traffic);
    }

    @Test
    void rowsWithoutAnEventOfTheirOwnAreStillRunningAtTheRecordingsEnd() throws Exception {
        TaskTree tree = RecordingReader.read(Fixtures.day().write(dir.resolve("day.jfr")));
        Node round = byName(tree).get("scope:round 42");
        Node refresh = round.parent;
        assertThat(refresh.type).isEqualTo(Node.Type.TASK);
        assertThat(refresh.synthesized).isTrue();
        assertThat(refresh.outcome).isEqualTo(Outcome.RUNNING);
        assertThat(refresh.realEnd).isEqualTo(tree.realEnd);
        assertThat(refresh.domain).isSameAs(byName(tree).get("domain:a day in the life"));
        // The scope it was forked in is still open too: known from the scope the task's code opened.
        Node warmer = refresh.parent;
        assertThat(warmer.type).isEqualTo(Node.Type.SCOPE);
        assertThat(warmer.synthesized).isTrue();
        assertThat(warmer.outcome).isEqualTo(Outcome.RUNNING);
        assertThat(warmer.parent).isSameAs(refresh.domain);
        assertThat(tree.summary().running()).isEqualTo(1);
    }

    @Test
    void aDeadlockKeepsItsReport() throws Exception {
        TaskTree tree = RecordingReader.read(Fixtures.markup().write(dir.resolve("markup.jfr")));
        assertThat(tree.deadlocks).singleElement().satisfies(d -> {
            assertThat(d.report()).isEqualTo("<iframe src=\"javascript:window.pwned='report'\"></iframe>");
            assertThat(d.domain()).isNotNull();
        });
    }

    @Test
    void everyTaskOfALargeRecordingIsInTheTree() throws Exception {
        Path file = Fixtures.large(5_000).write(dir.resolve("large.jfr"));
        TaskTree tree = RecordingReader.read(file);
        List<Long> ids = tree.depthFirst().stream().filter(n -> n.type == Node.Type.TASK).map(n -> n.id).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(RecordedIds.tasks(file));
        assertThat(ids).hasSize(5_000 + 5);
        assertThat(tree.summary().running()).isEqualTo(5);
    }

    @Test
    void fieldsOfOtherVersionsAreIgnoredAndMissingOnesAreNeutral() throws Exception {
        Path file = dir.resolve("sparse.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(TestEvents.SparseTaskEvent.class);
            recording.start();
            TestEvents.SparseTaskEvent e = new TestEvents.SparseTaskEvent();
            e.taskId = 7;
            e.name = "old";
            e.colour = "green";
            e.commit();
            recording.stop();
            recording.dump(file);
        }
        TaskTree tree = RecordingReader.read(file);
        assertThat(tree.roots).singleElement().satisfies(n -> {
            assertThat(n.id).isEqualTo(7);
            assertThat(n.name).isEqualTo("old");
            assertThat(n.hasVirtualTime()).isFalse();
            assertThat(n.outcome).isEqualTo(Outcome.RUNNING);
        });
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.jfr");
        assertThatThrownBy(() -> RecordingReader.read(missing)).isInstanceOf(DashboardException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void aFileThatIsNotARecordingIsNamed() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "these are notes, not a recording\n");
        assertThatThrownBy(() -> RecordingReader.read(text)).isInstanceOf(DashboardException.class)
                .hasMessageStartingWith(text + ": not a JFR recording").hasMessageNotContaining("\n");
    }

    @Test
    void aRecordingWithoutTimescopeEventsIsNamed() throws Exception {
        Path file = dir.resolve("other.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(TestEvents.UnrelatedEvent.class);
            recording.start();
            TestEvents.UnrelatedEvent e = new TestEvents.UnrelatedEvent();
            e.text = "hello";
            e.commit();
            recording.stop();
            recording.dump(file);
        }
        assertThatThrownBy(() -> RecordingReader.read(file)).isInstanceOf(DashboardException.class)
                .hasMessageStartingWith(file + ": the recording has no timescope events");
    }
}
