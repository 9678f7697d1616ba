package dev.timescope.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareAgentMojoTest {

    @TempDir
    Path dir;

    private final PrepareAgentMojo mojo = new PrepareAgentMojo();
    private final List<String> log = new ArrayList<>();
    private String agent;

    @BeforeEach
    void setUp() throws IOException {
        File jar = Files.createFile(dir.resolve("timescope-agent-1.0.jar")).toFile();
        agent = "-javaagent:" + jar.getAbsolutePath();
        mojo.project = new MavenProject();
        mojo.pluginArtifactMap = new HashMap<>(Map.of(PrepareAgentMojo.AGENT, artifact("timescope-agent", jar),
                "org.example:other", artifact("other", jar)));
        mojo.userProperties = new Properties();
        mojo.propertyName = "argLine";
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                log.add("INFO " + content);
            }

            @Override
            public void warn(CharSequence content) {
                log.add("WARN " + content);
            }
        });
    }

    @Test
    void setsArgLineToTheAgentAndSaysSo() throws Exception {
        mojo.execute();

        assertThat(property("argLine")).isEqualTo(agent);
        assertThat(log).containsExactly("INFO argLine set to " + agent);
    }

    @Test
    void keepsWhatArgLineHeld() throws Exception {
        mojo.project.getProperties().setProperty("argLine", "-Xmx1g");

        mojo.execute();

        assertThat(property("argLine")).isEqualTo("-Xmx1g " + agent);
    }

    @Test
    void addsTheAgentOnceWhenRunTwice() throws Exception {
        mojo.execute();
        mojo.execute();

        assertThat(property("argLine")).isEqualTo(agent);
    }

    @Test
    void passesTheOptions() throws Exception {
        mojo.options = "include=com.acme.*, debug=true";

        mojo.execute();

        assertThat(property("argLine")).isEqualTo(agent + "=include=com.acme.*,debug=true");
    }

    @Test
    void setsTheNamedProperty() throws Exception {
        mojo.propertyName = "failsafeArgLine";

        mojo.execute();

        assertThat(property("failsafeArgLine")).isEqualTo(agent);
        assertThat(property("argLine")).isNull();
    }

    @Test
    void skipLeavesThePropertyOrDefinesItEmpty() throws Exception {
        mojo.skip = true;
        mojo.execute();
        assertThat(property("argLine")).isEmpty();

        mojo.project.getProperties().setProperty("argLine", "-Xmx1g");
        mojo.execute();
        assertThat(property("argLine")).isEqualTo("-Xmx1g");
        assertThat(log).hasSize(2).allMatch(line -> line.startsWith("INFO Skipping the timescope agent"));
    }

    @Test
    void warnsThatArgLineOnTheCommandLineWins() throws Exception {
        mojo.userProperties.setProperty("argLine", "-Xmx1g");

        mojo.execute();

        assertThat(log).hasSize(2);
        assertThat(log.get(1)).startsWith("WARN -DargLine on the command line overrides the project property argLine");
    }

    @Test
    void failsNamingTheAgentWhenItIsNotAmongThePluginsDependencies() {
        mojo.pluginArtifactMap.remove(PrepareAgentMojo.AGENT);

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("dev.timescope:timescope-agent")
                .hasMessageContaining("[org.example:other]");
    }

    @Test
    void failsWhenTheAgentIsNotAJar() {
        mojo.pluginArtifactMap.put(PrepareAgentMojo.AGENT, artifact("timescope-agent", dir.toFile()));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("dev.timescope:timescope-agent:jar:1.0")
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("not a jar file");
    }

    @Test
    void failsOnInvalidOptions() {
        mojo.options = "include=com.acme.*,verbose=true";

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("\"include=com.acme.*,verbose=true\"")
                .hasMessageContaining("unknown option 'verbose'")
                .hasMessageContaining("Valid options:");
        assertThat(property("argLine")).isNull();
    }

    @Test
    void failsOnAnInvalidPropertyName() {
        mojo.propertyName = "arg Line";

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("\"arg Line\"")
                .hasMessageContaining("argLine");
    }

    /** Reads the clock: the agent's check lets it through, so a class index lists it. */
    static final class ReadsTheClock {
        static long now() {
            return System.nanoTime();
        }
    }

    @Test
    void indexesTheTestClassPathsJarsAndGivesTheIndexToTheAgent() throws Exception {
        Path lib = dir.resolve("lib.jar");
        String entry = ReadsTheClock.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(lib))) {
            out.putNextEntry(new JarEntry(entry));
            try (InputStream in = ReadsTheClock.class.getResourceAsStream("PrepareAgentMojoTest$ReadsTheClock.class")) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        Build build = new Build();
        build.setDirectory(dir.resolve("target").toString());
        mojo.project.getModel().setBuild(build);
        Path pom = Files.writeString(dir.resolve("group.pom"), "<project/>\n"); // a grouping dependency: no jar
        mojo.project.setArtifacts(Set.of(artifact("lib", lib.toFile()), artifact("group", "pom", pom.toFile())));
        mojo.options = "debug=true";

        mojo.execute();

        Path index = dir.resolve("target/timescope/class-index.txt").toAbsolutePath();
        assertThat(property("argLine")).isEqualTo(agent + "=debug=true,index=" + index);
        assertThat(Files.readAllLines(index)).contains("class " + entry.substring(0, entry.length() - 6));
        assertThat(log).first().asString().isEqualTo("INFO Class index for the timescope agent: " + index
                + " (1 jars, 1 classes read, 1 classes listed as calling what the agent replaces)");
    }

    @Test
    void leavesTheIndexOutWhenAskedOrWhenTheOptionsNameOne() throws Exception {
        Build build = new Build();
        build.setDirectory(dir.resolve("target").toString());
        mojo.project.getModel().setBuild(build);
        mojo.project.setArtifacts(Set.of(artifact("lib", Files.createFile(dir.resolve("lib.jar")).toFile())));
        mojo.options = "index=" + dir.resolve("mine.txt");
        assertThat(mojo.withIndex(mojo.options)).isEqualTo(mojo.options);
        mojo.options = "debug=true, index = " + dir.resolve("mine.txt");
        assertThat(mojo.withIndex(mojo.options)).isEqualTo(mojo.options);

        mojo.index = false;
        mojo.options = null;
        mojo.execute();

        assertThat(property("argLine")).isEqualTo(agent);
        assertThat(dir.resolve("target/timescope")).doesNotExist();
    }

    private String property(String name) {
        return mojo.project.getProperties().getProperty(name);
    }

    private static Artifact artifact(String artifactId, File file) {
        return artifact(artifactId, "jar", file);
    }

    private static Artifact artifact(String artifactId, String type, File file) {
        DefaultArtifactHandler handler = new DefaultArtifactHandler(type);
        handler.setAddedToClasspath(!type.equals("pom")); // as Maven's own handlers say
        Artifact artifact = new DefaultArtifact("dev.timescope", artifactId, "1.0", "runtime", type, null, handler);
        artifact.setFile(file);
        return artifact;
    }
}
