package dev.timescope.agent;

import dev.timescope.agent.rewrite.ClassRewriter;
import java.util.List;

/**
 * Which classes the agent rewrites, and how.
 *
 * <ul>
 *   <li>{@code java.lang.Thread} and {@code VirtualThread}: the life-cycle hooks.</li>
 *   <li>The JDK classes the contract needs: {@code java.util.concurrent} (its timed waits), the system
 *       clocks of {@code java.time}, and {@code java.util.Date}. A few are left alone on purpose, see
 *       {@link #JDK_NEVER}.</li>
 *   <li>Application classes: everything that is not the JDK, timescope's runtime and agent, ByteBuddy or a
 *       test framework, narrowed by the {@code include}/{@code exclude} options.</li>
 * </ul>
 */
final class ClassPolicy {

    enum Action { SKIP, THREAD_LIFECYCLE, CALL_SITES }

    private static final String[] JDK_TARGETS = {
        "java/util/concurrent/", "java/time/Clock", "java/util/Date",
        "jdk/internal/misc/ThreadFlock", // JDK 21+: StructuredTaskScope's owner waits for its threads here
    };

    /**
     * JDK classes never rewritten. LockSupport: the runtime parks members through it, so rewriting it
     * would recurse. ConcurrentHashMap: the runtime's registry of members; its bins park briefly under
     * contention and must not re-enter the hooks. ThreadLocalRandom: its seeds must stay random.
     */
    private static final String[] JDK_NEVER = {
        "java/util/concurrent/locks/LockSupport", "java/util/concurrent/ConcurrentHashMap",
        "java/util/concurrent/ThreadLocalRandom",
    };

    private static final String[] NOT_APPLICATION = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/", "org/ietf/", "org/w3c/", "org/xml/",
        "dev/timescope/internal/", "dev/timescope/agent/", "net/bytebuddy/",
        // test frameworks: their own timeouts stay real (contract, section 5)
        "org/junit/", "junit/", "org/opentest4j/", "org/apiguardian/", "org/testng/",
        "org/apache/maven/surefire/", "org/apache/maven/plugin/surefire/", "org/gradle/", "worker/org/gradle/",
        "com/intellij/rt/", "org/eclipse/jdt/internal/junit",
    };

    private final String[] include;
    private final String[] exclude;

    ClassPolicy(List<String> include, List<String> exclude) {
        this.include = toInternalPrefixes(include);
        this.exclude = toInternalPrefixes(exclude);
    }

    Action classify(String internalName) {
        if (ClassRewriter.isThreadClass(internalName)) {
            return Action.THREAD_LIFECYCLE;
        }
        if (isRuntimeApi(internalName)) {
            return Action.SKIP;
        }
        if (startsWithAny(internalName, NOT_APPLICATION)) {
            return startsWithAny(internalName, JDK_TARGETS) && !startsWithAny(internalName, JDK_NEVER)
                    ? Action.CALL_SITES : Action.SKIP;
        }
        if (startsWithAny(internalName, exclude)) {
            return Action.SKIP;
        }
        if (include.length > 0 && !startsWithAny(internalName, include)) {
            return Action.SKIP;
        }
        return Action.CALL_SITES;
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
        return patterns.stream()
                .map(p -> p.endsWith(".*") ? p.substring(0, p.length() - 1).replace('.', '/') : p.replace('.', '/'))
                .toArray(String[]::new);
    }
}
