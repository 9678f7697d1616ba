package dev.timescope.internal.hooks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;

/**
 * Public JDK methods newer than the Java 17 the runtime is compiled for, called through handles so that a
 * hook does exactly what the rewritten call did for threads outside every domain. The handles exist
 * whenever such a call site exists: it was compiled against a JDK that has the method.
 */
final class JdkMethods {

    private static final MethodHandle SLEEP_DURATION = find("sleep", MethodType.methodType(void.class, Duration.class), true);
    private static final MethodHandle JOIN_DURATION =
            find("join", MethodType.methodType(boolean.class, Duration.class), false);

    private JdkMethods() {
    }

    static void sleep(Duration duration) throws InterruptedException {
        try {
            SLEEP_DURATION.invokeExact(duration);
        } catch (InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean join(Thread thread, Duration duration) throws InterruptedException {
        try {
            return (boolean) JOIN_DURATION.invokeExact(thread, duration);
        } catch (InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle find(String name, MethodType type, boolean isStatic) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return isStatic ? lookup.findStatic(Thread.class, name, type) : lookup.findVirtual(Thread.class, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17: no such call site can exist
        }
    }
}
