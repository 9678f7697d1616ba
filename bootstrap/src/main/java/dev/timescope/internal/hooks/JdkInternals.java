package dev.timescope.internal.hooks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.locks.LockSupport;

/**
 * The JDK-internal methods whose call sites in {@code java.base} the agent rewrites, so that a
 * hook can do exactly what the original call did for threads outside every domain.
 *
 * <p>They are reachable because the agent exports {@code jdk.internal.misc} to the bootstrap class
 * path before it rewrites anything. The handles are resolved on first use, which only rewritten
 * JDK code triggers; if that ever fails, the fallbacks are equivalent for the platform threads that
 * make these calls.
 */
final class JdkInternals {

    private JdkInternals() {
    }

    private static final class Handles {
        static final MethodHandle UNSAFE_PARK;
        static final MethodHandle UNSAFE_UNPARK;
        static final MethodHandle NANO_TIME_ADJUSTMENT;

        static {
            MethodHandle park = null;
            MethodHandle unpark = null;
            MethodHandle adjustment = null;
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
                park = lookup.findVirtual(unsafe, "park", MethodType.methodType(void.class, boolean.class, long.class))
                        .asType(MethodType.methodType(void.class, Object.class, boolean.class, long.class));
                unpark = lookup.findVirtual(unsafe, "unpark", MethodType.methodType(void.class, Object.class))
                        .asType(MethodType.methodType(void.class, Object.class, Object.class));
                adjustment = lookup.findStatic(Class.forName("jdk.internal.misc.VM"), "getNanoTimeAdjustment",
                        MethodType.methodType(long.class, long.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                HookFailure.fallBack("JDK internals", e);
            }
            UNSAFE_PARK = park;
            UNSAFE_UNPARK = unpark;
            NANO_TIME_ADJUSTMENT = adjustment;
        }
    }

    static void unsafePark(Object unsafe, boolean absolute, long time) {
        MethodHandle h = Handles.UNSAFE_PARK;
        if (h != null) {
            try {
                h.invokeExact(unsafe, absolute, time);
                return;
            } catch (Throwable e) {
                HookFailure.fallBack("Unsafe.park", e);
            }
        }
        if (absolute) {
            LockSupport.parkUntil(time);
        } else if (time == 0) {
            LockSupport.park();
        } else if (time > 0) {
            LockSupport.parkNanos(time);
        }
    }

    static void unsafeUnpark(Object unsafe, Object thread) {
        MethodHandle h = Handles.UNSAFE_UNPARK;
        if (h != null) {
            try {
                h.invokeExact(unsafe, thread);
                return;
            } catch (Throwable e) {
                HookFailure.fallBack("Unsafe.unpark", e);
            }
        }
        if (thread instanceof Thread) {
            LockSupport.unpark((Thread) thread);
        }
    }

    static long nanoTimeAdjustment(long offsetSeconds) {
        MethodHandle h = Handles.NANO_TIME_ADJUSTMENT;
        if (h != null) {
            try {
                return (long) h.invokeExact(offsetSeconds);
            } catch (Throwable e) {
                HookFailure.fallBack("VM.getNanoTimeAdjustment", e);
            }
        }
        long millis = System.currentTimeMillis();
        long diff = Math.floorDiv(millis, 1000) - offsetSeconds;
        if (Math.abs(diff) >= (1L << 32)) {
            return -1;
        }
        return diff * 1_000_000_000L + Math.floorMod(millis, 1000) * 1_000_000L;
    }
}
