package dev.timescope.agent;

import dev.timescope.agent.instrumentation.Instrumentations;
import java.util.Arrays;
import java.util.List;

/**
 * Which classes the agent rewrites, and as what.
 *
 * <ul>
 *   <li>The JDK classes the instrumentation families name ({@link Instrumentations#isJdkTarget}), and no
 *       other JDK class.</li>
 *   <li>Application classes: everything that is not the JDK, timescope's runtime and agent, ByteBuddy or a
 *       test framework, narrowed by the {@code include}/{@code exclude} options.</li>
 * </ul>
 */
final class ClassPolicy {

    enum Kind { SKIP, JDK, APPLICATION }

    /**
     * The class the installer rewrites once before the first JDK class, to load every class rewriting needs: an
     * application class whatever the {@code include}/{@code exclude} options say.
     */
    static final String PREWARM_SAMPLE = "timescope_prewarm/Sample";

    private static final String[] NOT_APPLICATION = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/", "org/ietf/", "org/w3c/", "org/xml/",
        "dev/timescope/internal/", "dev/timescope/agent/", "net/bytebuddy/",
        // test frameworks: their own timeouts stay real (contract, section 5)
        "org/junit/", "junit/", "org/opentest4j/", "org/apiguardian/", "org/testng/",
        "org/apache/maven/surefire/", "org/apache/maven/plugin/surefire/", "org/gradle/", "worker/org/gradle/",
        "com/intellij/rt/", "org/eclipse/jdt/internal/junit",
    };

    /**
     * {@link #NOT_APPLICATION} by the first character of the prefix: each class loaded is compared with the few
     * that can match, often in the interpreter at start-up.
     */
    private static final String[][] NOT_APPLICATION_BY_FIRST = new String[128][];

    static {
        for (String p : NOT_APPLICATION) {
            String[] same = NOT_APPLICATION_BY_FIRST[p.charAt(0)];
            same = same == null ? new String[1] : Arrays.copyOf(same, same.length + 1);
            same[same.length - 1] = p;
            NOT_APPLICATION_BY_FIRST[p.charAt(0)] = same;
        }
    }

    private static final String[] NONE = new String[0];

    private static String[] notApplicationStartingWith(String internalName) {
        char first = internalName.isEmpty() ? 0 : internalName.charAt(0);
        String[] candidates = first < 128 ? NOT_APPLICATION_BY_FIRST[first] : null;
        return candidates == null ? NONE : candidates;
    }

    private final Instrumentations instrumentations;
    private final String[] include;
    private final String[] exclude;

    ClassPolicy(Instrumentations instrumentations, List<String> include, List<String> exclude) {
        this.instrumentations = instrumentations;
        this.include = toInternalPrefixes(include);
        this.exclude = toInternalPrefixes(exclude);
    }

    Instrumentations instrumentations() {
        return instrumentations;
    }

    /** The same include and exclude options, with fewer families. */
    ClassPolicy narrowedTo(Instrumentations families) {
        return new ClassPolicy(families, include, exclude);
    }

    private ClassPolicy(Instrumentations instrumentations, String[] include, String[] exclude) {
        this.instrumentations = instrumentations;
        this.include = include;
        this.exclude = exclude;
    }

    Kind classify(String internalName) {
        if (internalName.equals(PREWARM_SAMPLE)) {
            return Kind.APPLICATION;
        }
        if (isRuntimeApi(internalName)) {
            return Kind.SKIP;
        }
        if (startsWithAny(internalName, notApplicationStartingWith(internalName))) {
            return instrumentations.isJdkTarget(internalName) ? Kind.JDK : Kind.SKIP;
        }
        if (startsWithAny(internalName, exclude)) {
            return Kind.SKIP;
        }
        if (include.length > 0 && !startsWithAny(internalName, include)) {
            return Kind.SKIP;
        }
        return Kind.APPLICATION;
    }

    /**
     * The runtime's public classes ({@code dev.timescope.VirtualClock}, {@code TaskScope}...) call the hooks
     * themselves and are never rewritten; code in other {@code dev.timescope} packages (tests, the demo) is.
     */
    private static boolean isRuntimeApi(String name) {
        return name.startsWith(RUNTIME_API) && name.indexOf('/', RUNTIME_API.length()) < 0;
    }

    private static final String RUNTIME_API = "dev/timescope/";

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** {@code com.acme.*} matches the package and its subpackages; {@code com.acme.Foo} the class and its nested ones. */
    private static String[] toInternalPrefixes(List<String> patterns) {
        String[] prefixes = new String[patterns.size()];
        for (int i = 0; i < prefixes.length; i++) { // no stream: this runs before main
            String p = patterns.get(i);
            prefixes[i] = p.endsWith(".*") ? p.substring(0, p.length() - 1).replace('.', '/') : p.replace('.', '/');
        }
        return prefixes;
    }
}
