package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.TaskScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code timescope.recording.onFailure}: a failing test keeps its JFR recording and, with timescope-dashboard on the
 * test class path (as here), its dashboard; its failure names both files.
 */
class FailureRecordingTest {

    @TempDir
    Path folder;

    @Test
    void aFailingTestKeepsItsRecordingAndItsDashboardAndItsFailureNamesThemOnce() throws Exception {
        List<Throwable> failures = TestKit.failures(TestKit.run(Cases.class, Map.of(
                "timescope.recording.onFailure", "true",
                "timescope.recording.directory", folder.toString())));

        Path file = folder.resolve(Cases.class.getName() + "#fails.jfr");
        Path html = folder.resolve(Cases.class.getName() + "#fails.html");
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure).hasMessage("the task said so");
            List<Throwable> notes = Arrays.stream(failure.getSuppressed())
                    .filter(s -> s instanceof FailureRecording.RecordingKept)
                    .collect(Collectors.toList());
            assertThat(notes).singleElement().satisfies(note -> assertThat(note.getMessage())
                    .isEqualTo("the JFR recording of this test is " + file.toAbsolutePath()
                            + ", its dashboard " + html.toAbsolutePath()));
        });
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactlyInAnyOrder(file, html); // the passing test kept nothing
        }
        assertThat(Files.readString(html)).contains("<html").contains("checker");
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events).extracting(e -> e.getEventType().getName())
                .contains("dev.timescope.Scope", "dev.timescope.Task", "dev.timescope.VirtualTimeDomain");
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.timescope.Task"))
                .singleElement().satisfies(e -> assertThat(e.getString("name")).isEqualTo("checker"));
    }

    @Test
    void withoutTheDashboardOnTheClassPathTheNoteSaysHowToGetOne() throws Exception {
        Path file = Files.writeString(folder.resolve("a.jfr"), "not looked at");
        ClassLoader withoutTheDashboard = ClassLoader.getPlatformClassLoader();

        assertThat(FailureDashboard.writeBeside(file, withoutTheDashboard)).isEqualTo("; for its dashboard, add"
                + " dev.timescope:timescope-dashboard to the test class path, or run java -jar"
                + " timescope-dashboard.jar " + file.toAbsolutePath());
        assertThat(folder).isDirectoryContaining(p -> p.equals(file)).isDirectoryNotContaining("glob:**.html");
    }

    @Test
    void aDashboardThatCannotBeWrittenSaysWhy() throws Exception {
        Path file = Files.writeString(folder.resolve("a.jfr"), "not a recording");

        assertThat(FailureDashboard.writeBeside(file, getClass().getClassLoader()))
                .startsWith("; its dashboard could not be written: ")
                .contains(file.getFileName().toString());
    }

    @Test
    void withoutTheParameterNothingIsRecorded() {
        List<Throwable> failures = TestKit.failures(TestKit.run(Cases.class, Map.of(
                "timescope.recording.directory", folder.toString())));

        assertThat(failures).singleElement().satisfies(f -> assertThat(f.getSuppressed()).isEmpty());
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void aMalformedValueNamesTheParameterAndTheValidValues() {
        List<Throwable> failures = TestKit.failures(TestKit.run(Cases.class, Map.of(
                "timescope.recording.onFailure", "yes")));

        assertThat(failures).hasSize(2).allSatisfy(f -> assertThat(f)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("JUnit configuration parameter timescope.recording.onFailure = \"yes\" is invalid; it must be"
                        + " true or false"));
    }

    @VirtualTime
    static class Cases {
        @Test
        void fails() throws Exception {
            try (TaskScope scope = TaskScope.open()) {
                String verdict = scope.fork("checker", () -> {
                    Thread.sleep(1_000);
                    return "the task said so";
                }).join();
                throw new AssertionError(verdict);
            }
        }

        @Test
        void passes() throws Exception {
            Thread.sleep(1_000);
        }
    }
}
