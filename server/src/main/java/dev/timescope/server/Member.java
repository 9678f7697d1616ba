package dev.timescope.server;

import java.util.concurrent.CompletableFuture;

/** A started worker or extra process of a server: a child JVM or a thread. */
interface Member {

    /** Its index (see {@link WorkerContext#index()}). */
    int index();

    /** Ends with its exit status: 0 once it returned, {@link ChildMain#FAILED} if it failed, else how it died. */
    CompletableFuture<Integer> exit();

    /** Delivers a stop signal (as soon as it can catch it). */
    void deliver(Signal signal);

    /** Ends it without waiting for its tear-down: KILL for a process, an interrupt for a thread. */
    void kill();

    /** Its process id, or -1 for a thread. */
    long pid();

    /** What the server hears from its members. */
    interface Listener {
        /** The member awaits its stop signal (or has run to completion). */
        void ready(Member member);

        /** The member failed in {@code phase} ("set-up" or "tear-down"). */
        void failed(Member member, String phase, String trace);
    }
}
