package dev.timescope.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * One run of a {@link Server}: main context set-up, members started, stop signals caught and forwarded, members
 * waited for (then killed), main context tear-down.
 *
 * <p>Concurrency: the run's thread, the JVM's signal-handler threads and the members' exit and output threads all
 * meet on {@code lock}. A member is started while holding it, and a stop is recorded while holding it, so every
 * member either is in the list the stop is forwarded to, or is never started. Signals are sent, and the
 * {@code whenReady} callback is run, without holding it.
 */
final class ServerRun implements Member.Listener {

    private static final System.Logger LOG = System.getLogger("dev.timescope.server");

    private final ServerSettings settings;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a member ends or a stop has been delivered to every member. */
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final List<Member> members = new ArrayList<>();
    // guarded by lock: the indexes of members that ended, that said they are ready, that reported a failure
    private final Set<Integer> ended = new HashSet<>();
    private final Set<Integer> ready = new HashSet<>();
    private final Set<Integer> reported = new HashSet<>();
    // guarded by lock: the stop signal, once the server is stopping
    private Signal stop;
    // guarded by lock: whether every member has been told of the stop; the wait timeout counts from then
    private boolean stopDelivered;
    // guarded by lock
    private boolean allStarted;
    // guarded by lock
    private boolean failed;
    // guarded by lock
    private boolean killing;
    // guarded by lock
    private boolean readyAnnounced;

    ServerRun(ServerSettings settings) {
        this.settings = settings;
    }

    int run() throws InterruptedException {
        Signals.Caught caught = Signals.catchAll(settings.stopSignals(), this::signalled);
        try {
            return serve();
        } finally {
            caught.close();
        }
    }

    @SuppressWarnings("unchecked")
    private int serve() throws InterruptedException {
        MainContext<Object> main = (MainContext<Object>) settings.mainContext();
        Object value = null;
        String mainJson = null;
        if (main != null) {
            try {
                value = main.setUp();
            } catch (Exception e) {
                LOG.log(Level.ERROR, "the main context failed to set up; no worker started", e);
                return Server.EXIT_FAILURE;
            }
            try {
                mainJson = Json.writeMainValue(value);
            } catch (IllegalArgumentException e) {
                tearDown(main, value, settings.defaultStop());
                throw e;
            }
        }
        startMembers(mainJson);
        boolean killed = awaitMembers();
        Signal stopped;
        lock.lock();
        try {
            stopped = stop != null ? stop : settings.defaultStop();
        } finally {
            lock.unlock();
        }
        boolean tornDown = main == null || tearDown(main, value, stopped);
        lock.lock();
        try {
            return killed ? Server.EXIT_KILLED : failed || !tornDown ? Server.EXIT_FAILURE : Server.EXIT_OK;
        } finally {
            lock.unlock();
        }
    }

    private void startMembers(String mainJson) {
        for (int index = 0; index < settings.members(); index++) {
            Member member;
            lock.lock();
            try {
                if (stop != null) {
                    LOG.log(Level.INFO, "not starting " + settings.describe(index) + " and the ones after it: the "
                            + "server is stopping");
                    break;
                }
                Class<? extends Worker> type = settings.classOf(index);
                member = settings.threads() ? WorkerThread.start(index, type, settings, mainJson, this)
                        : WorkerProcess.start(index, type, settings, mainJson, this);
                members.add(member);
            } catch (IOException | RuntimeException e) {
                failed = true;
                lock.unlock();
                try {
                    LOG.log(Level.ERROR, "could not start " + settings.describe(index) + "; stopping the server", e);
                    requestStop(settings.defaultStop());
                } finally {
                    lock.lock();
                }
                break;
            } finally {
                lock.unlock();
            }
            member.exit().whenComplete((status, error) -> ended(member, status == null ? -1 : status));
        }
        announceIfReady(true);
    }

    /** Waits for every member; after a stop, up to the wait timeout, then kills. Returns whether it killed any. */
    private boolean awaitMembers() throws InterruptedException {
        lock.lock();
        try {
            // The wait timeout starts once every member has been told: a stop signal is handled on a thread of its
            // own, and under @VirtualTime the clock would otherwise run the timeout out before that thread tells them.
            while (!stopDelivered && ended.size() < members.size()) {
                changed.await();
            }
            if (ended.size() == members.size()) {
                return false;
            }
            long left = settings.waitTimeout().toNanos();
            while (ended.size() < members.size() && left > 0) {
                left = changed.awaitNanos(left);
            }
            List<Member> running = members.stream().filter(m -> !ended.contains(m.index()))
                    .collect(Collectors.toList());
            if (running.isEmpty()) {
                return false;
            }
            killing = true;
            LOG.log(Level.WARNING, running.stream().map(m -> settings.describe(m.index()))
                    .collect(Collectors.joining(", ")) + " still running " + settings.waitTimeout()
                    + " after SIG" + stop + "; killing " + (running.size() == 1 ? "it" : "them"));
            running.forEach(Member::kill);
            left = settings.waitTimeout().toNanos();
            while (ended.size() < members.size() && left > 0) {
                left = changed.awaitNanos(left);
            }
            if (ended.size() < members.size()) {
                LOG.log(Level.WARNING, "giving up on " + (members.size() - ended.size())
                        + " worker thread(s) that ignore interrupts");
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean tearDown(MainContext<Object> main, Object value, Signal stopped) {
        try {
            main.tearDown(value, stopped);
            return true;
        } catch (Exception e) {
            LOG.log(Level.ERROR, "the main context failed to tear down", e);
            return false;
        }
    }

    private void signalled(Signal signal) {
        requestStop(signal);
    }

    /**
     * Records the first stop and forwards it to every member; a later one does not start a second shutdown. The
     * members are told before the server waits for them, so the wait timeout leaves each its full time.
     */
    private void requestStop(Signal signal) {
        List<Member> targets;
        lock.lock();
        try {
            if (stop != null) {
                LOG.log(Level.DEBUG, "SIG" + signal + " while stopping on SIG" + stop + ": already stopping");
                return;
            }
            stop = signal;
            targets = List.copyOf(members);
        } finally {
            lock.unlock();
        }
        try {
            for (Member member : targets) {
                member.deliver(signal);
            }
        } finally {
            lock.lock();
            try {
                stopDelivered = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void ended(Member member, int status) {
        boolean stopNow = false;
        lock.lock();
        try {
            ended.add(member.index());
            if (stop != null && status == 128 + stop.number()) {
                // Ended by the stop signal itself, which reached it before it could catch it: still starting, no
                // worker code had run yet (a terminal's Ctrl-C reaches every process of its group at once).
                LOG.log(Level.DEBUG, settings.describe(member.index()) + " ended by SIG" + stop + " while starting");
            } else if (status != 0 && !killing) {
                failed = true;
                if (!reported.contains(member.index())) {
                    LOG.log(Level.ERROR, settings.describe(member.index()) + " (pid " + member.pid()
                            + ") ended with exit status " + status + describeStatus(status));
                    stopNow = stop == null && !settings.ignoreWorkerFailures();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (stopNow) {
            requestStop(settings.defaultStop());
        }
        announceIfReady(false);
    }

    private static String describeStatus(int status) {
        return status > 128 && status <= 128 + 64 ? " (ended by signal " + (status - 128) + ")" : "";
    }

    @Override
    public void ready(Member member) {
        lock.lock();
        try {
            ready.add(member.index());
        } finally {
            lock.unlock();
        }
        announceIfReady(false);
    }

    @Override
    public void failed(Member member, String phase, String trace) {
        boolean stopNow;
        lock.lock();
        try {
            reported.add(member.index());
            failed = true;
            stopNow = stop == null && !settings.ignoreWorkerFailures();
        } finally {
            lock.unlock();
        }
        String then = "";
        if (stopNow) {
            then = "; stopping the server with SIG" + settings.defaultStop();
        } else if (settings.ignoreWorkerFailures() && phase.equals("set-up")) {
            then = "; the others go on (ignoreWorkerFailures)";
        }
        LOG.log(Level.ERROR, settings.describe(member.index()) + " failed in its " + phase + then + ":\n" + trace);
        if (stopNow) {
            requestStop(settings.defaultStop());
        }
    }

    /** Runs {@code whenReady} once every member started and is ready or has ended. */
    private void announceIfReady(boolean startedAll) {
        Runnable callback = settings.whenReady();
        lock.lock();
        try {
            allStarted |= startedAll;
            if (callback == null || readyAnnounced || !allStarted || stop != null) {
                return;
            }
            for (Member member : members) {
                if (!ready.contains(member.index()) && !ended.contains(member.index())) {
                    return;
                }
            }
            readyAnnounced = true;
        } finally {
            lock.unlock();
        }
        callback.run();
    }
}
