package dev.timescope.maven;

import dev.timescope.agent.index.ClassIndexWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Puts the timescope agent on the command line of the JVMs that Surefire and Failsafe fork for tests: appends
 * {@code -javaagent:<path of the timescope-agent jar>[=<options>]} to the project property {@code argLine},
 * keeping what it already holds. Surefire and Failsafe read that property unless their own {@code <argLine>} is
 * configured; one that is can include it as {@code @{argLine}}.
 *
 * <p>It also makes a class index of the jars on the test class path ({@code target/timescope/class-index.txt}) and
 * gives it to the agent ({@code index=<file>}): the agent then leaves every class of those jars that calls nothing it
 * replaces as it is without reading it, which is most of what it costs a test JVM's start-up.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public class PrepareAgentMojo extends AbstractMojo {

    /** The key of the agent among the plugin's dependencies. */
    static final String AGENT = "dev.timescope:timescope-agent";

    /** The project whose property is set. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The plugin's own dependencies, by {@code groupId:artifactId}: the agent jar is one of them. */
    @Parameter(defaultValue = "${plugin.artifactMap}", readonly = true, required = true)
    Map<String, Artifact> pluginArtifactMap;

    /** The properties given on the command line with {@code -D}. */
    @Parameter(defaultValue = "${session.userProperties}", readonly = true, required = true)
    Properties userProperties;

    /**
     * The project property to add the agent to. The default, {@code argLine}, is read by Surefire and Failsafe;
     * another name (for example to give the agent to Failsafe only) is then referred to as {@code @{name}} in the
     * {@code argLine} parameter of the plugin that should use it.
     */
    @Parameter(property = "timescope.propertyName", defaultValue = "argLine", required = true)
    String propertyName;

    /**
     * The agent's options, comma-separated {@code key=value} pairs: {@code include=<class or package.*>} and
     * {@code exclude=<class or package.*>} (repeatable) choose which application classes are rewritten;
     * {@code debug=true} lists every class rewritten. They are checked here, so a mistake fails the build with a
     * message naming it.
     */
    @Parameter(property = "timescope.options")
    String options;

    /**
     * Whether to make a class index of the jars on the test class path and give it to the agent. The index is remade
     * each build, reading again only the jars that changed; a jar that changes after it was made is checked class by
     * class as without an index. Not made when the options name an index already, when the test class path holds no
     * jar, or when the build directory's path holds whitespace or a comma (the agent's options cannot hold those).
     */
    @Parameter(property = "timescope.index", defaultValue = "true")
    boolean index = true;

    /**
     * Skips the goal: the property is left as it is, or set empty if it is not defined, so that a plugin
     * configuration referring to it as {@code @{argLine}} still works.
     */
    @Parameter(property = "timescope.skip", defaultValue = "false")
    boolean skip;

    /** Creates the goal; Maven sets its parameters. */
    public PrepareAgentMojo() {
    }

    /**
     * Sets the property.
     *
     * @throws MojoExecutionException if a parameter is invalid or the agent jar is missing
     */
    @Override
    public void execute() throws MojoExecutionException {
        String name = checkPropertyName();
        Properties properties = project.getProperties();
        if (skip) {
            if (properties.getProperty(name) == null) {
                properties.setProperty(name, "");
            }
            getLog().info("Skipping the timescope agent (timescope.skip is true); " + name + " is \""
                    + properties.getProperty(name) + "\"");
            return;
        }
        String argument;
        try {
            argument = AgentArgLine.javaagent(agentJar(), index ? withIndex(options) : options);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        String value = AgentArgLine.append(properties.getProperty(name), argument);
        properties.setProperty(name, value);
        getLog().info(name + " set to " + value);
        if (userProperties != null && userProperties.getProperty(name) != null) {
            getLog().warn("-D" + name + " on the command line overrides the project property " + name + " that this"
                    + " goal sets, so the tests run without the timescope agent. Put those JVM options in the POM's "
                    + name + " property instead: this goal keeps them.");
        }
    }

    /**
     * {@code options} with {@code index=<file>} added, once the class index of the test class path's jars is written to
     * that file; {@code options} as they are when there is nothing to index or the index cannot be made (said in the
     * log: the agent then checks every class as it loads).
     *
     * @param options the agent's options as configured, or null
     * @return the options to give the agent
     */
    String withIndex(String options) {
        if (options != null) {
            for (String pair : options.split(",")) {
                if (pair.split("=", 2)[0].strip().equals("index")) {
                    return options; // the user's own index
                }
            }
        }
        List<Path> jars = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            File f = a.getFile();
            // What Surefire puts on the test class path: no pom of a grouping dependency, no native archive.
            boolean onClassPath = a.getArtifactHandler() == null || a.getArtifactHandler().isAddedToClasspath();
            if (onClassPath && f != null && f.isFile()) {
                jars.add(f.toPath());
            }
        }
        String directory = project.getBuild() == null ? null : project.getBuild().getDirectory();
        if (jars.isEmpty() || directory == null) {
            return options;
        }
        Path file = Path.of(directory, "timescope", "class-index.txt").toAbsolutePath();
        String path = file.toString();
        if (path.indexOf(',') >= 0 || path.chars().anyMatch(Character::isWhitespace)) {
            getLog().info("No class index for the timescope agent: its path " + path + " would hold whitespace or a"
                    + " comma, which the agent's options cannot. The agent checks every class as it loads.");
            return options;
        }
        try {
            ClassIndexWriter.Summary summary = ClassIndexWriter.write(file, jars);
            getLog().info("Class index for the timescope agent: " + path + " (" + summary + ")");
        } catch (IOException | RuntimeException e) {
            getLog().warn("Could not make the class index for the timescope agent (" + e.getMessage() + "); the"
                    + " agent checks every class as it loads, which only makes the test JVMs start more slowly.");
            return options;
        }
        return options == null || options.isBlank() ? "index=" + path : options + ",index=" + path;
    }

    /**
     * The property to set.
     *
     * @return {@link #propertyName}
     * @throws MojoExecutionException if it is not a property name
     */
    private String checkPropertyName() throws MojoExecutionException {
        if (propertyName == null || propertyName.isBlank() || propertyName.chars().anyMatch(Character::isWhitespace)) {
            throw new MojoExecutionException("Invalid propertyName \"" + propertyName + "\": it must be a property"
                    + " name without whitespace, such as argLine (read by Surefire and Failsafe) or a name their"
                    + " <argLine> refers to as @{name}.");
        }
        return propertyName;
    }

    /**
     * The agent jar among the plugin's dependencies.
     *
     * @return the jar file
     * @throws MojoExecutionException if it is missing or not a file
     */
    private File agentJar() throws MojoExecutionException {
        Artifact artifact = pluginArtifactMap == null ? null : pluginArtifactMap.get(AGENT);
        if (artifact == null) {
            throw new MojoExecutionException("The timescope agent (" + AGENT + ") is not among the dependencies of"
                    + " timescope-maven-plugin; they are " + (pluginArtifactMap == null ? "unknown"
                    : new TreeSet<>(pluginArtifactMap.keySet())) + ". If the plugin's <dependencies> or <exclusions>"
                    + " are configured, keep " + AGENT + " among them.");
        }
        File file = artifact.getFile();
        if (file == null || !file.isFile()) {
            throw new MojoExecutionException("The timescope agent " + artifact.getId() + " resolved to " + file
                    + ", which is not a jar file; -javaagent needs the packaged agent jar.");
        }
        return file;
    }
}
