package dev.timescope.internal.jfr;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The events of short tasks, committed by a thread of timescope's own instead of the task's (docs/events.md,
 * "Which thread records a task").
 *
 * <p>Why: JFR pays about 250 ns the first time a thread commits an event (it registers the thread), more than a
 * trivial task costs. A task whose code ran for less than {@link #SHORT_NANOS} of real time has no JDK event of its own
 * to give context to (the JDK's thresholds for parks, monitor waits, I/O and pinning are 10 ms and more), so its
 * event waits here, already ended, and is committed later by a committer thread named {@link #COMMITTER}. Its
 * start, duration and fields are those it ended with; only its JFR thread differs, and its {@code threadName}
 * field still names the task's thread. Committing on a thread that does nothing else also keeps JDK 25's context
 * (the task's id and name) off the application's threads.
 *
 * <p>When the events are committed:
 * <ul>
 *   <li>when {@code softLimit} events wait, a committer thread is started, one at a time, and drains the queue;
 *   <li>when a JFR chunk ends (a recording stops, is dumped or starts a new file), JFR calls {@link #commitAll}
 *       through the Task event's {@code endChunk} hook, which drains the queue on a committer thread and waits for
 *       every committer, so that no waiting event misses its recording;
 *   <li>when {@code hardLimit} events wait, {@link #offer} refuses and the task commits on its own thread.
 * </ul>
 *
 * <p>Concurrency: lock-free. {@code waiting} counts the events offered and not yet taken (it may run ahead of the
 * queue by the events being added); {@code drainer} is the one committer draining on its own, or null. A
 * producer adds, then starts a drainer if there is none; a drainer that finds the queue empty lets go of
 * {@code drainer} and looks once more, so an event offered as it let go is not left behind.
 */
final class DeferredCommits<E> {

    /** A task whose code ran for less than this, in real time, is committed by a committer thread. */
    static final long SHORT_NANOS = 1_000_000;
    /** The name of the committer threads; the agent never puts a thread of this name in a domain. */
    static final String COMMITTER = "timescope-jfr-commit";

    private final int softLimit;
    private final int hardLimit;
    private final Consumer<E> commit;
    private final Runnable registerEndOfChunkHook;
    private final Queue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicReference<Thread> drainer = new AtomicReference<>();
    private final AtomicBoolean hooked = new AtomicBoolean();
    /** False once the hook could not be registered: nothing is deferred then. */
    private volatile boolean usable = true;

    /**
     * @param softLimit how many waiting events start a drainer
     * @param hardLimit how many waiting events make {@link #offer} refuse
     * @param commit commits one event
     * @param registerEndOfChunkHook makes JFR call {@link #commitAll} when a chunk ends; run at the first offer
     */
    DeferredCommits(int softLimit, int hardLimit, Consumer<E> commit, Runnable registerEndOfChunkHook) {
        if (softLimit < 1 || hardLimit < softLimit) {
            throw new IllegalArgumentException("limits " + softLimit + " and " + hardLimit + ": need 1 <= soft <= hard");
        }
        this.softLimit = softLimit;
        this.hardLimit = hardLimit;
        this.commit = commit;
        this.registerEndOfChunkHook = registerEndOfChunkHook;
    }

    /**
     * Queues an ended event to be committed by a committer thread.
     *
     * @param event an event that has ended and should be committed
     * @return false if the caller must commit it itself: too many wait, or JFR refused the hook
     */
    boolean offer(E event) {
        if (!usable || !hooked()) {
            return false;
        }
        int n = waiting.incrementAndGet();
        if (n > hardLimit) {
            waiting.decrementAndGet();
            return false;
        }
        queue.add(event);
        if (n >= softLimit && drainer.get() == null) {
            startDrainer();
        }
        return true;
    }

    /** How many events wait now. */
    int waiting() {
        return waiting.get();
    }

    /**
     * Commits every waiting event on a committer thread and returns when they, and those of a drainer running
     * now, are committed. JFR calls it when a chunk ends.
     */
    void commitAll() {
        Thread running = drainer.get();
        Thread all = newCommitter(this::drain);
        all.start();
        joinUninterruptibly(all);
        if (running != null) {
            joinUninterruptibly(running);
        }
    }

    private boolean hooked() {
        if (hooked.get() || !hooked.compareAndSet(false, true)) {
            return true;
        }
        try {
            registerEndOfChunkHook.run();
            return true;
        } catch (RuntimeException | Error e) {
            usable = false; // without the hook a waiting event could miss its recording: commit on the task's thread
            drain(); // and those offered while the hook was being registered
            return false;
        }
    }

    private void startDrainer() {
        Thread t = newCommitter(this::drainAsTheDrainer);
        if (drainer.compareAndSet(null, t)) {
            t.start();
        }
    }

    private Thread newCommitter(Runnable body) {
        Thread t = new Thread(body, COMMITTER);
        t.setDaemon(true);
        return t;
    }

    private void drainAsTheDrainer() {
        Thread self = Thread.currentThread();
        do {
            drain();
            drainer.compareAndSet(self, null);
        } while (waiting.get() >= softLimit && drainer.compareAndSet(null, self));
    }

    private void drain() {
        E event;
        while ((event = queue.poll()) != null) {
            waiting.decrementAndGet();
            try {
                commit.accept(event);
            } catch (RuntimeException | Error e) {
                // one event that cannot be committed must not cost the others theirs
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
