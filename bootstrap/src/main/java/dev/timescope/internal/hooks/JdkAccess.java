package dev.timescope.internal.hooks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Reaches package-private members of the JDK's pools and schedulers ({@code ScheduledFutureTask.time},
 * {@code ForkJoinTask.doExec}...). The agent opens their packages to the hooks before it rewrites anything, so
 * that a private lookup succeeds; each instrumentation resolves what it needs once, lazily, in a holder class,
 * and only on the JDK where the member exists.
 */
final class JdkAccess {

    private JdkAccess() {
    }

    static Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName(name, false, null);
    }

    static MethodHandles.Lookup lookupIn(Class<?> c) throws IllegalAccessException {
        return MethodHandles.privateLookupIn(c, MethodHandles.lookup());
    }

    static VarHandle field(Class<?> owner, String name, Class<?> type) throws ReflectiveOperationException {
        return lookupIn(owner).findVarHandle(owner, name, type);
    }

    static VarHandle staticField(Class<?> owner, String name, Class<?> type) throws ReflectiveOperationException {
        return lookupIn(owner).findStaticVarHandle(owner, name, type);
    }

    static MethodHandle method(Class<?> owner, String name, MethodType type) throws ReflectiveOperationException {
        return lookupIn(owner).findVirtual(owner, name, type);
    }

    static MethodHandle staticMethod(Class<?> owner, String name, MethodType type) throws ReflectiveOperationException {
        return lookupIn(owner).findStatic(owner, name, type);
    }
}
