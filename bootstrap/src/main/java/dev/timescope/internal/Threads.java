package dev.timescope.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Thread facts across JDK 17 and 21+ from one class file: the runtime is compiled for 17, where
 * {@code Thread.isVirtual()} does not exist, and runs on 25, where virtual threads do.
 */
public final class Threads {

    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private Threads() {
    }

    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
