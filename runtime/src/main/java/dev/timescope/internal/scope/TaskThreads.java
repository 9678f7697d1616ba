package dev.timescope.internal.scope;

import java.lang.reflect.Method;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Creates the thread of each task: a virtual thread on JDK 21+, a daemon platform thread on 17,
 * chosen once at run time since the runtime is compiled for 17 (same idea as
 * {@code dev.timescope.internal.Threads}). A factory given to a scope always wins.
 */
public final class TaskThreads {

    private static final ThreadFactory VIRTUAL = findVirtualFactory();

    private TaskThreads() {
    }

    /** True when tasks of scopes without a thread factory run on virtual threads. */
    public static boolean virtual() {
        return VIRTUAL != null;
    }

    /**
     * An unstarted thread running {@code body}. A user factory's threads keep the names it gives them;
     * timescope's platform threads are named, and its virtual threads only when {@code name} is given
     * (like the JDK's, they are nameless otherwise: naming each of them costs a fifth of a fork).
     *
     * @param name the name chosen by the user, or null
     * @param defaultName the name for a platform thread, or for messages, when {@code name} is null
     * @throws RejectedExecutionException if {@code custom} returns null
     */
    public static Thread newThread(ThreadFactory custom, Runnable body, String name, Supplier<String> defaultName) {
        if (custom != null) {
            Thread thread = custom.newThread(body);
            if (thread == null) {
                throw new RejectedExecutionException("thread factory " + custom + " returned null for task \""
                        + (name != null ? name : defaultName.get()) + "\"");
            }
            return thread;
        }
        if (VIRTUAL != null) {
            Thread thread = VIRTUAL.newThread(body);
            if (name != null) {
                thread.setName(name);
            }
            return thread;
        }
        // No inherited thread locals: a task starts clean, and creating it stays cheap.
        Thread thread = new Thread(null, body, name != null ? name : defaultName.get(), 0, false);
        thread.setDaemon(true);
        return thread;
    }

    /** {@code Thread.ofVirtual().factory()}, or null before JDK 21 (or on 19/20 without preview). */
    private static ThreadFactory findVirtualFactory() {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Object builder = ofVirtual.invoke(null);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            ThreadFactory threads = (ThreadFactory) factory.invoke(builder);
            threads.newThread(() -> { }); // throws on a JDK where virtual threads are a disabled preview
            return threads;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
