package dev.timescope.agent.instrumentation;

import dev.timescope.agent.rewrite.Hook;
import dev.timescope.agent.rewrite.RewritePlan;
import java.util.List;

/**
 * One family of instrumentation: which classes it rewrites and what it does to them. Each family is a small
 * class that says so in its Javadoc and in {@link #jdkClasses()}; the next family is a new class, registered
 * in {@link Instrumentations}, never a new branch elsewhere.
 */
public abstract class Instrumentation {

    /** Where the hooks live: the bootstrap part, on the bootstrap class path. */
    protected static final String HOOKS = "dev.timescope.internal.hooks.";

    /** A short name, for messages: "executors". */
    public abstract String name();

    /**
     * The JDK classes it rewrites, as internal names: a name ending in {@code /} or {@code $} is a prefix,
     * any other is exact.
     */
    public List<String> jdkClasses() {
        return List.of();
    }

    /** Whether it rewrites application classes (all that the class policy admits outside the JDK). */
    public boolean rewritesApplicationClasses() {
        return false;
    }

    /** Adds what it does to the class {@code className} (internal name) to {@code plan}. */
    public abstract void plan(String className, boolean application, RewritePlan plan);

    /**
     * Resolves, in the bootstrap class loader, what its hooks reach inside the JDK, so that a JDK this family
     * does not know is found at start-up: null if all is in place, else why not (the family is then left out,
     * and its classes keep real time).
     */
    public String verify() {
        return null;
    }

    protected static Hook hook(String hooksClass, String name, String descriptor) {
        return Hook.of(HOOKS + hooksClass, name, descriptor);
    }

    /** {@link #jdkClasses()}, read once: every class loaded is compared with them (racy but idempotent). */
    private volatile String[] jdkClassNames;

    /** Whether {@code className} is one of {@link #jdkClasses()}. */
    final boolean matchesJdkClass(String className) {
        String[] names = jdkClassNames;
        if (names == null) {
            names = jdkClasses().toArray(new String[0]);
            jdkClassNames = names;
        }
        for (String c : names) {
            char last = c.charAt(c.length() - 1);
            if (last == '/' || last == '$' ? className.startsWith(c) : className.equals(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name();
    }
}
