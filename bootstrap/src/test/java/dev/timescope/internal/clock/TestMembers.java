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
        Member creator = Domains.current();
        if (creator == null) {
            throw new IllegalStateException("the calling thread is not a member");
        }
        Thread[] self = new Thread[1];
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // the test decides what an interrupt means through its own assertions
            } catch (Exception e) {
                throw new RuntimeException(e);
            } finally {
                ThreadHooks.onExit(self[0]);
            }
        }, name);
        self[0] = t;
        ThreadHooks.onCreated(t);
        ThreadHooks.onStart(t);
        t.start();
        return t;
    }
}
