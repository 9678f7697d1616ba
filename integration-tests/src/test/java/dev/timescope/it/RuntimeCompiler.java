package dev.timescope.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a small class with the running JDK's javac and loads it, so that tests can call APIs newer than
 * the Java 17 the tests are compiled for (Thread.sleep(Duration), Thread.join(Duration)). The agent
 * rewrites the class as it loads, like any user class built on that JDK.
 */
public final class RuntimeCompiler {

    private RuntimeCompiler() {
    }

    /** Compiles {@code source} (a public class {@code className} in the default package) and loads it. */
    public static Class<?> compile(String className, String source, int minimumFeature) {
        assumeTrue(Runtime.version().feature() >= minimumFeature,
                "needs JDK " + minimumFeature + " or later; this is JDK " + Runtime.version().feature());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "needs a JDK with javac, not a JRE");
        try {
            // Under the module's build directory, not the system's temporary one: the loader reads from it for as
            // long as the class lives, and the next clean removes it.
            Path target = Files.createDirectories(Path.of("target", "runtime-compiled"));
            Path dir = Files.createTempDirectory(target, className);
            Path file = dir.resolve(className + ".java");
            Files.writeString(file, source, StandardCharsets.UTF_8);
            int status = javac.run(null, null, null, "-d", dir.toString(), file.toString());
            if (status != 0) {
                throw new IllegalStateException("javac failed (" + status + ") on:\n" + source);
            }
            URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                    RuntimeCompiler.class.getClassLoader());
            return Class.forName(className, true, loader);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code public static Object run()} of a compiled class. */
    public static Object run(Class<?> compiled) throws Exception {
        try {
            return compiled.getMethod("run").invoke(null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

}
