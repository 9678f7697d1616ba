package dev.timescope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.testing.JfrCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

/**
 * Which thread records a task's event (docs/events.md): a task whose code ran for 1 ms or more of real time records it
 * on its own thread, where it is the context of the JDK's events; a shorter one has it recorded by
 * {@code timescope-jfr-commit}, and its {@code threadName} still names the task's thread. None is lost.
 */
class TaskEventThreadTest {

    private static final String COMMITTER = "timescope-jfr-commit";

    @Test
    void everyTaskOfAManyTaskScopeIsRecordedOnceEachOnItsThreadOrIfShortByTheCommitter() throws Exception {
        int tasks = 6_000; // more than the queue's soft limit (4,096): a drainer runs while tasks end
        List<Task<String>> forked = new ArrayList<>(tasks);
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            try (TaskScope scope = TaskScope.open("many")) {
                for (int i = 0; i < tasks; i++) {
                    forked.add(scope.fork(() -> Thread.currentThread().getName()));
                }
            }
            events = capture.events("dev.timescope.Task");
        }
        Map<Long, RecordedEvent> byId = events.stream()
                .collect(Collectors.toMap(e -> e.getLong("taskId"), Function.identity()));
        assertThat(events).hasSize(tasks);
        int committer = 0;
        for (Task<String> task : forked) {
            String thread = task.resultNow(); // empty for the unnamed virtual thread of an unnamed task
            RecordedEvent e = byId.get(task.id());
            assertThat(e).as("task %d", task.id()).isNotNull();
            assertThat(e.getString("outcome")).isEqualTo("SUCCESS");
            assertThat(e.getString("threadName")).isEqualTo(thread);
            String recordedBy = e.getThread().getJavaName();
            if (recordedBy.equals(COMMITTER)) {
                committer++;
            } else {
                assertThat(recordedBy).isEqualTo(thread);
            }
        }
        // Each task's code is one call: short enough, for all but a task preempted for a whole millisecond.
        assertThat(committer).as("tasks recorded by the committer").isPositive();
    }

    @Test
    void aTaskThatRanForAMillisecondOrMoreIsRecordedOnItsOwnThread() throws Exception {
        Task<?> slow;
        List<RecordedEvent> events;
        try (JfrCapture capture = JfrCapture.start()) {
            try (TaskScope scope = TaskScope.open("slow")) {
                slow = scope.fork("slow task", () -> {
                    Thread.sleep(5); // no domain here: at least 5 ms of real time
                    return null;
                });
            }
            events = capture.events("dev.timescope.Task");
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getLong("taskId")).isEqualTo(slow.id());
            assertThat(e.getThread().getJavaName()).isEqualTo("slow task");
        });
    }
}
