package dev.timescope;

import dev.timescope.internal.scope.Signals;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * aiotools' {@code resetting(ctxvar, value)}: a value for the length of a block, the previous one restored
 * after it, even when the block throws.
 *
 * <p>The rest of aiotools' context helpers are plain Java: {@code actxmgr}, {@code AsyncExitStack},
 * {@code aclosing} and {@code closing_async} are try-with-resources over {@link AutoCloseable}s (several
 * resources in one {@code try}, closed in reverse order); {@code actxgroup} is {@link ContextGroup};
 * {@code defer} is {@link Defer}.
 */
public final class Contexts {

    private Contexts() {
    }

    /**
     * Restores a {@link ThreadLocal} to what it was before {@link Contexts#resetting}: its previous value, or
     * no value if it had none. Closing it twice restores once. Close it on the thread that created it.
     */
    public static final class Reset implements AutoCloseable {

        private final ThreadLocal<Object> local;
        private final Object previous;
        private boolean closed;

        private Reset(ThreadLocal<Object> local, Object previous) {
            this.local = local;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                local.remove(); // an unset ThreadLocal stays unset (and keeps no entry in the thread)
            } else {
                local.set(previous);
            }
        }
    }

    /**
     * Sets {@code local} to {@code value} on the calling thread until the returned object is closed.
     *
     * <pre>{@code
     * try (var reset = Contexts.resetting(REQUEST_ID, "r-42")) {
     *     handle();
     * }   // REQUEST_ID is back to what it was
     * }</pre>
     *
     * @param <T> the type of the thread-local's value
     * @param local the thread-local to set
     * @param value the value it has until the returned object is closed
     * @return what restores the previous value (or no value) when closed, in try-with-resources
     */
    @SuppressWarnings("unchecked")
    public static <T> Reset resetting(ThreadLocal<T> local, T value) {
        Objects.requireNonNull(local, "local");
        ThreadLocal<Object> l = (ThreadLocal<Object>) local;
        Object previous = l.get();
        l.set(value);
        return new Reset(l, previous);
    }

    /**
     * Runs {@code body} with {@code scopedValue} (a {@code java.lang.ScopedValue}, final in JDK 25) bound to
     * {@code value}: the scoped-value form of {@link #resetting}, which restores the previous binding by
     * construction. Passed as {@code Object} since the runtime is compiled for JDK 17.
     *
     * @param <R> the type of the body's result
     * @param scopedValue the {@code java.lang.ScopedValue} to bind
     * @param value the value it is bound to while {@code body} runs
     * @param body the code to run with the binding
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw, as it was thrown
     * @throws UnsupportedOperationException if this JDK has no usable {@code ScopedValue}
     * @throws IllegalArgumentException if {@code scopedValue} is not a {@code ScopedValue}
     */
    public static <R> R callWhere(Object scopedValue, Object value, Callable<R> body) throws Exception {
        Objects.requireNonNull(body, "body");
        Method where = ScopedValues.WHERE;
        if (where == null) {
            throw new UnsupportedOperationException("java.lang.ScopedValue is not available on Java "
                    + Runtime.version().feature() + " without preview features; use resetting(ThreadLocal, value)");
        }
        if (!where.getDeclaringClass().isInstance(scopedValue)) {
            throw new IllegalArgumentException("not a java.lang.ScopedValue: " + scopedValue);
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Runnable run = () -> {
            try {
                result[0] = body.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        };
        try {
            Object carrier = where.invoke(null, scopedValue, value);
            ScopedValues.RUN.invoke(carrier, run);
        } catch (InvocationTargetException e) {
            throw Signals.<Exception>sneakyThrow(e.getCause());
        }
        if (failure[0] != null) {
            throw Signals.<Exception>sneakyThrow(failure[0]);
        }
        @SuppressWarnings("unchecked")
        R r = (R) result[0];
        return r;
    }

    /** {@code ScopedValue.where} and {@code Carrier.run}, looked up once. */
    private static final class ScopedValues {

        static final Method WHERE;
        static final Method RUN;

        static {
            Method where = null;
            Method run = null;
            try {
                Class<?> sv = Class.forName("java.lang.ScopedValue");
                where = sv.getMethod("where", sv, Object.class);
                run = Class.forName("java.lang.ScopedValue$Carrier").getMethod("run", Runnable.class);
                Object probe = sv.getMethod("newInstance").invoke(null);
                run.invoke(where.invoke(null, probe, "probe"), (Runnable) () -> { }); // fails where it is a disabled preview
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                where = null;
                run = null;
            }
            WHERE = where;
            RUN = run;
        }
    }
}
