package dev.timescope.internal.scope;

import java.lang.reflect.Method;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

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
     * An unstarted thread running {@code body}. Threads of timescope's own factory are named
     * {@code name}; a user factory's threads keep the names it gives them.
     *
     * @throws RejectedExecutionException if {@code custom} returns null
     */
    public static Thread newThread(ThreadFactory custom, Runnable body, String name) {
        if (custom != null) {
            Thread thread = custom.newThread(body);
            if (thread == null) {
                throw new RejectedExecutionException("thread factory " + custom + " returned null for task \"" + name + "\"");
            }
            return thread;
        }
        if (VIRTUAL != null) {
            Thread thread = VIRTUAL.newThread(body);
            thread.setName(name);
            return thread;
        }
        // No inherited thread locals: a task starts clean, and creating it stays cheap.
        Thread thread = new Thread(null, body, name, 0, false);
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
