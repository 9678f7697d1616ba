package dev.timescope.internal.clock;

import dev.timescope.internal.hooks.ThreadHooks;

/**
 * Starts member threads without the agent: what the agent's Thread hooks do at construction, start
 * and exit, done by hand, so the core can be tested on its own.
 */
final class TestMembers {

    private TestMembers() {
    }

    interface Body {
        void run() throws Exception;
    }

    /** Starts a member of the calling thread's domain, constructed (and so adopted) by the caller. */
    static Thread start(String name, Body body) {
        return start(name, body, false);
    }

    /** Whether this JDK has virtual threads (21 and later). */
    static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    /** As {@link #start(String, Body)}, on a virtual thread if {@code virtual} (JDK 21 and later). */
    static Thread start(String name, Body body, boolean virtual) {
        Member creator = Domains.current();
        if (creator == null) {
            throw new IllegalStateException("the calling thread is not a member");
        }
        Thread[] self = new Thread[1];
        Runnable run = () -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // the test decides what an interrupt means through its own assertions
            } catch (Exception e) {
                throw new RuntimeException(e);
            } finally {
                ThreadHooks.onExit(self[0]);
            }
        };
        Thread t = virtual ? unstartedVirtual(run) : new Thread(run);
        t.setName(name);
        self[0] = t;
        ThreadHooks.onCreated(t);
        ThreadHooks.onStart(t);
        t.start();
        return t;
    }

    /** {@code Thread.ofVirtual().unstarted(run)}, through reflection: this code is compiled for JDK 17. */
    private static Thread unstartedVirtual(Runnable run) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class)
                    .invoke(builder, run);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or later", e);
        }
    }
}
