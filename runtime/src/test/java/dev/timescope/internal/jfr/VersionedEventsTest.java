package dev.timescope.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK 25 copies of the Task and Scope events (src/main/java25, compiled into the multi-release jar by a JDK 25
 * build) declare exactly the fields of the base classes, and add only {@code @Contextual}: whichever copy a JVM
 * loads, a recording has the same fields. Checked on the sources, so that a JDK 17 build checks it too.
 */
class VersionedEventsTest {

    @ParameterizedTest
    @ValueSource(strings = {"TaskEvent", "ScopeEvent"})
    void theJdk25CopyDiffersOnlyByItsContextAnnotations(String event) throws IOException {
        List<String> base = declarations(Path.of("src/main/java/dev/timescope/internal/jfr", event + ".java"));
        List<String> versioned = declarations(Path.of("src/main/java25/dev/timescope/internal/jfr", event + ".java"));

        assertThat(versioned).filteredOn(line -> line.contains("Contextual")).hasSize(3); // the import, two fields
        assertThat(versioned.stream().filter(line -> !line.contains("Contextual")).collect(Collectors.toList()))
                .isEqualTo(base);
    }

    /** The source without its comments: imports, annotations and declarations. */
    private static List<String> declarations(Path source) throws IOException {
        return Files.readAllLines(source).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("/**") && !line.startsWith("*")
                        && !line.startsWith("*/"))
                .collect(Collectors.toList());
    }
}
