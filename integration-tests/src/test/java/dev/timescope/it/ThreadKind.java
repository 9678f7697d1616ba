package dev.timescope.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Platform or virtual threads, for tests that must hold for both (contract section 2, last row). The
 * tests compile for Java 17, so virtual threads are reached through a method handle; on JDK 17 a test
 * that needs them is skipped, saying why.
 */
public enum ThreadKind {
    PLATFORM,
    VIRTUAL;

    private static final MethodHandle START_VIRTUAL = findStartVirtual();

    /** Starts a thread of this kind; the calling member constructs it, so it joins the caller's domain. */
    public Thread start(String name, Runnable body) {
        if (this == PLATFORM) {
            Thread t = new Thread(body, name);
            t.start();
            return t;
        }
        assumeAvailable();
        try {
            Thread t = (Thread) START_VIRTUAL.invokeExact(body);
            t.setName(name);
            return t;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start a virtual thread", e);
        }
    }

    /**
     * The arguments of a seeded stress test: each kind of thread with {@code repetitions} seeds, from {@code firstSeed}
     * on, far apart.
     */
    public static List<Arguments> withSeeds(long firstSeed, int repetitions) {
        List<Arguments> runs = new ArrayList<>();
        for (ThreadKind kind : values()) {
            for (int r = 0; r < repetitions; r++) {
                runs.add(Arguments.of(kind, firstSeed + 1_000_003L * r));
            }
        }
        return runs;
    }

    /** Skips the calling test on a JDK without virtual threads. */
    public void assumeAvailable() {
        assumeTrue(this == PLATFORM || START_VIRTUAL != null, "virtual threads need JDK 21 or later; this is JDK "
                + Runtime.version().feature());
    }

    private static MethodHandle findStartVirtual() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
