package dev.timescope.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start is the quick start sample, which CI builds as a project of its own: what a user copies
 * from the README compiles and passes. And every file the documentation links to is in the repository.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path QUICKSTART = ROOT.resolve("samples/quickstart");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    private static String read(Path file) throws IOException {
        return Files.readString(file).replace("\r\n", "\n");
    }

    private static List<String> blocks(String markdown, String language) {
        List<String> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(markdown);
        while (m.find()) {
            if (m.group(1).equals(language)) {
                blocks.add(m.group(2));
            }
        }
        return blocks;
    }

    /** Each line stripped of its indentation, blank lines dropped: XML snippets are indented as their context is. */
    private static String unindented(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    void theQuickStartsJavaFilesAreTheSamplesVerbatim() throws IOException {
        List<String> java = blocks(read(ROOT.resolve("README.md")), "java");
        for (String file : new String[] {"src/main/java/example/RetryingClient.java",
                "src/test/java/example/RetryingClientTest.java"}) {
            assertThat(java).as("the README shows %s whole", file).contains(read(QUICKSTART.resolve(file)));
        }
    }

    @Test
    void theQuickStartsMavenSnippetsAreInTheSamplesPom() throws IOException {
        String version = read(ROOT.resolve("pom.xml")).lines()
                .filter(l -> l.strip().startsWith("<version>")).findFirst().orElseThrow().strip()
                .replaceAll("</?version>", "");
        String pom = unindented(read(QUICKSTART.resolve("pom.xml")).replace("${timescope.version}", version));
        List<String> xml = blocks(read(ROOT.resolve("README.md")), "xml");
        assertThat(xml).as("the dependency and the plugin").hasSizeGreaterThanOrEqualTo(2);
        for (String snippet : xml) {
            assertThat(pom).as("samples/quickstart/pom.xml holds the README's snippet%n%s", snippet)
                    .contains(unindented(snippet));
        }
    }

    @Test
    void everyFileTheDocumentationLinksToIsInTheRepository() throws IOException {
        List<Path> docs;
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            docs = files.filter(f -> f.toString().endsWith(".md")).collect(Collectors.toCollection(ArrayList::new));
        }
        docs.add(ROOT.resolve("README.md"));
        docs.add(ROOT.resolve("samples/README.md"));
        docs.add(ROOT.resolve("benchmarks/README.md"));
        List<String> missing = new ArrayList<>();
        for (Path doc : docs) {
            Matcher m = LINK.matcher(read(doc));
            while (m.find()) {
                String target = m.group(1);
                if (!target.contains("://") && !Files.exists(doc.getParent().resolve(target))) {
                    missing.add(ROOT.relativize(doc) + " -> " + target);
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
