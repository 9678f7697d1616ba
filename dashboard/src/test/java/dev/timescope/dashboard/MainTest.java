package dev.timescope.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: what it writes and prints, and one line for every kind of bad input. */
class MainTest {

    @TempDir
    static Path dir;

    private static Path day;

    @TempDir
    Path own;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void record() throws Exception {
        day = Fixtures.day().write(dir.resolve("day.jfr"));
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesThePageBesideTheRecordingAndPrintsItsPath() throws Exception {
        assertThat(run(day.toString())).isZero();
        Path html = dir.resolve("day.html");
        assertThat(out()).isEqualTo(html + System.lineSeparator());
        assertThat(err()).isEmpty();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("charge card");
        assertThat(page).doesNotContain("http://", "https://", "src=\"", "@import");
    }

    @Test
    void dashOWritesThePageWhereItSays() throws Exception {
        Path html = dir.resolve("pages/today.html");
        assertThat(run(day.toString(), "-o", html.toString())).isZero();
        assertThat(out()).isEqualTo(html + System.lineSeparator());
        assertThat(html).isRegularFile();
    }

    @Test
    void treePrintsTheTreeIndentedWithOutcomesAndDurations() throws Exception {
        Path copy = Files.copy(day, own.resolve("day.jfr"));
        assertThat(run("--tree", copy.toString())).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("day.jfr: 33 tasks in 8 scopes, 2 failed, 2 cancelled, 1 still running;"
                + " virtual 1 d, real " + lines.get(0).replaceAll(".*real ", ""));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("`-- scope #").contains("\"quick start\" TaskScope"
                + "  success  virtual 3 s  real "));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "\\|   \\|-- task #\\d+ \"charge card\"  failed  virtual 1\\.8 s  real .*  java\\.io\\.IOException: "
                        + "payment gateway answered 502 Bad Gateway"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "\\|   \\|-- task #\\d+ \"reserve stock\"  cancelled  virtual 1\\.8 s  real .*  \\(by task #\\d+: FAIL_FAST: .*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\|   `-- task #\\d+  still running  virtual .*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "\\|           `-- task #\\d+ \"part 4 of 4\"  success  virtual 14 min  real .*"));
        assertThat(own.resolve("day.html")).doesNotExist();
    }

    @Test
    void treeEscapesControlCharactersInNames() throws Exception {
        SyntheticRecording r = new SyntheticRecording();
        r.domain("line one\nline two\u001b[31m", Fixtures.DAY, java.time.Duration.ofSeconds(1));
        Path file = r.write(dir.resolve("control.jfr"));
        assertThat(run("--tree", file.toString())).isZero();
        assertThat(out()).contains("\"line one\\u000aline two\\u001b[31m\"").doesNotContain("\u001b");
    }

    @Test
    void jsonWritesTheTree() throws Exception {
        Path copy = Files.copy(day, own.resolve("day.jfr"));
        Path json = own.resolve("day.json");
        assertThat(run(copy.toString(), "--json", json.toString())).isZero();
        assertThat(out()).isEqualTo(json + System.lineSeparator());
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("recording").asText()).isEqualTo("day.jfr");
        assertThat(tree.get("summary").get("tasks").asInt()).isEqualTo(33);
        List<JsonNode> tasks = new ArrayList<>();
        collect(tree.get("roots"), tasks);
        assertThat(tasks).hasSize(33);
        JsonNode charge = tasks.stream().filter(t -> t.get("name").asText().equals("charge card")).findFirst()
                .orElseThrow();
        assertThat(charge.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(charge.get("virtualDurationNanos").asLong()).isEqualTo(1_800_000_000L);
        assertThat(charge.get("virtualStart").asText()).isEqualTo("2030-01-07T12:30:00Z");
        assertThat(tree.get("cancellations")).hasSize(2)
                .allSatisfy(c -> assertThat(c.get("requesterTaskId").asLong()).isEqualTo(charge.get("id").asLong()));
        assertThat(tree.get("clockAdvances").size()).isGreaterThan(3);
        assertThat(own.resolve("day.html")).doesNotExist();
    }

    private static void collect(JsonNode nodes, List<JsonNode> tasks) {
        for (JsonNode n : nodes) {
            if (n.get("type").asText().equals("task")) {
                tasks.add(n);
            }
            if (n.has("children")) {
                collect(n.get("children"), tasks);
            }
        }
    }

    @Test
    void aMissingFileIsOneLine() {
        Path missing = dir.resolve("nothing-here.jfr");
        assertThat(run(missing.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("timescope-dashboard: " + missing + ": no such file" + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    @Test
    void aFileThatIsNotARecordingIsOneLine() throws Exception {
        Path text = Files.writeString(dir.resolve("readme.jfr"), "hello");
        assertThat(run(text.toString())).isEqualTo(1);
        assertThat(err()).startsWith("timescope-dashboard: " + text + ": not a JFR recording").hasLineCount(1);
    }

    @Test
    void aRecordingWithoutTimescopeEventsIsOneLine() throws Exception {
        Path file = dir.resolve("unrelated.jfr");
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.enable(TestEvents.UnrelatedEvent.class);
            recording.start();
            new TestEvents.UnrelatedEvent().commit();
            recording.stop();
            recording.dump(file);
        }
        assertThat(run(file.toString())).isEqualTo(1);
        assertThat(err()).startsWith("timescope-dashboard: " + file + ": the recording has no timescope events")
                .hasLineCount(1);
    }

    @Test
    void anUnknownOptionIsNamedWithTheValidOnes() {
        assertThat(run(day.toString(), "--colour")).isEqualTo(2);
        assertThat(err()).isEqualTo("timescope-dashboard: unknown option --colour; valid options: -o FILE, --tree,"
                + " --json FILE, --help" + System.lineSeparator());
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertThat(run(day.toString(), "-o")).isEqualTo(2);
        assertThat(err()).isEqualTo("timescope-dashboard: option -o needs a value: the HTML file to write"
                + System.lineSeparator());
    }

    @Test
    void noRecordingShowsTheUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).startsWith("timescope-dashboard: no recording given; usage: java -jar").hasLineCount(1);
    }

    @Test
    void anUnwritablePageIsOneLine() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        Path html = blocker.resolve("day.html");
        assertThat(run(day.toString(), "-o", html.toString())).isEqualTo(1);
        assertThat(err()).startsWith("timescope-dashboard: " + html + ": cannot be written").hasLineCount(1);
    }
}
