package dev.timescope.internal.clock;

import java.lang.System.Logger.Level;
import java.lang.management.LockInfo;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that watches every open domain in real time. It does what no hook can:
 * <ul>
 *   <li>turns "quiescent with nothing to fire" into a deadlock report once the grace has passed;</li>
 *   <li>fires the next instant once the optional advance grace has passed (section 3.1);</li>
 *   <li>confirms, twice, members BLOCKED on a monitor owned by a durably blocked member, the one
 *       kind of blocking the hooks cannot see (section 3.1: sampling only as a confirmed fallback);</li>
 *   <li>notices members whose thread died unseen, and warns when the clock has been held a long time;</li>
 *   <li>reports, and moves, a quiescent domain whose clock nobody moved: a missed check would hang in silence.</li>
 * </ul>
 * It is never a member: it is created before the domain's root is registered.
 */
final class Watchdog implements Runnable {

    static final String THREAD_NAME = "timescope-watchdog";
    private static final long POLL_NANOS = 5_000_000L;
    private static final long IDLE_PARK_NANOS = 1_000_000_000L;
    /** Reaping samples every member's state: fine every 100 ms, wasteful every poll of a long computation. */
    private static final long REAP_INTERVAL_NANOS = 100_000_000L;

    private static final Set<Domain> DOMAINS = ConcurrentHashMap.newKeySet();
    private static Thread thread; // guarded by Watchdog.class

    /** Per-domain observations, touched by the watchdog thread only. */
    private final Map<Domain, Observation> observations = new IdentityHashMap<>();

    private static final class Observation {
        long epoch = -1;
        long since;
        long candidateEpoch = -1;
        boolean stallReported;
        long lastReap;
        /** The epoch at which the domain was last seen quiescent with its clock unmoved; -1 if not. */
        long unmovedEpoch = -1;
        long unmovedSince;
    }

    private Watchdog() {
    }

    static synchronized void ensureRunning() {
        if (thread == null || !thread.isAlive()) {
            Thread t = new Thread(null, new Watchdog(), THREAD_NAME, 0, false);
            t.setDaemon(true);
            t.start();
            thread = t;
        }
    }

    static void register(Domain domain) {
        DOMAINS.add(domain);
        Thread t;
        synchronized (Watchdog.class) {
            t = thread;
        }
        LockSupport.unpark(t);
    }

    static void unregister(Domain domain) {
        DOMAINS.remove(domain);
    }

    @Override
    public void run() {
        while (true) {
            if (DOMAINS.isEmpty()) {
                observations.clear();
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                continue;
            }
            LockSupport.parkNanos(this, POLL_NANOS);
            long realNow = System.nanoTime();
            observations.keySet().retainAll(DOMAINS);
            for (Domain domain : DOMAINS) {
                try {
                    watch(domain, realNow);
                } catch (RuntimeException | Error e) {
                    // The watchdog must outlive any one domain's trouble.
                    System.getLogger("dev.timescope").log(Level.WARNING,
                            "timescope watchdog failed on " + domain.name(), e);
                }
            }
        }
    }

    private void watch(Domain domain, long realNow) {
        domain.checkDeadlock(realNow);
        domain.checkAdvanceGrace(realNow);
        domain.checkRunningTimers();
        Observation obs = observations.computeIfAbsent(domain, d -> new Observation());
        if (domain.isGlobal() && !domain.options.autoAdvance && !domain.isDriven()) {
            // Section 6: no thread drives this clock and it waits for no thread: only dead members are worth a look.
            obs.epoch = -1;
            reapNow(domain, obs, realNow);
            return;
        }
        Domain.Snapshot snapshot = domain.runningMembers(obs.epoch);
        if (snapshot == null) {
            obs.epoch = -1;
            checkUnmoved(domain, obs, realNow);
            return;
        }
        obs.unmovedEpoch = -1;
        if (snapshot.epoch != obs.epoch) {
            obs.epoch = snapshot.epoch;
            obs.since = realNow;
            obs.candidateEpoch = -1;
            obs.stallReported = false;
            return;
        }
        // The ledger has not changed for a whole poll while members hold the clock: look at them.
        reapNow(domain, obs, realNow);
        if (!obs.stallReported && realNow - obs.since > domain.options.stallWarningNanos
                && (snapshot.someoneWaits && !domain.isGlobalAtRate() || !domain.isGlobal() && rootIsBlocked(domain))) {
            obs.stallReported = true; // once per stall: the next report needs the ledger to change first
            domain.print(Level.WARNING, Reports.stall(domain, domain.views(snapshot.running), snapshot.running.size(),
                    snapshot.queuedWork, realNow - obs.since, domain.isBusyClock()));
        }
        if (domain.isGlobal() && !domain.options.autoAdvance) {
            return; // section 6: this clock waits for no thread, so no blocked thread needs excusing
        }
        if (!snapshot.running.isEmpty() && snapshot.queuedWork.isEmpty()
                && allBlockedBehindBlockedOwners(domain, snapshot.running)) {
            if (obs.candidateEpoch == snapshot.epoch) {
                domain.excuse(snapshot.epoch, snapshot.running.size()); // confirmed twice
            } else {
                obs.candidateEpoch = snapshot.epoch;
            }
        } else {
            obs.candidateEpoch = -1;
        }
    }

    /** Reaping samples every member's state: at most every {@link #REAP_INTERVAL_NANOS}. */
    private static void reapNow(Domain domain, Observation obs, long realNow) {
        if (realNow - obs.lastReap >= REAP_INTERVAL_NANOS) {
            obs.lastReap = realNow;
            domain.reapDeadMembers(realNow);
        }
    }

    /**
     * A quiescent domain whose clock nobody moved (see {@link Domain#unmovedQuiescence}) is a timescope bug that
     * would hang the test without a word (section 4): seen so at the same epoch on two polls, it is reported
     * and the clock moves as section 3.1 says it must.
     */
    private static void checkUnmoved(Domain domain, Observation obs, long realNow) {
        long unmoved = domain.unmovedQuiescence();
        if (unmoved < 0) {
            obs.unmovedEpoch = -1;
            return;
        }
        if (obs.unmovedEpoch != unmoved) {
            obs.unmovedEpoch = unmoved;
            obs.unmovedSince = realNow;
            return;
        }
        obs.unmovedEpoch = -1;
        long at = domain.elapsedNanos();
        if (domain.moveUnmoved(unmoved)) {
            domain.print(Level.WARNING, Reports.unmoved(domain, at, realNow - obs.unmovedSince));
        }
    }

    /** The root waits where the ledger cannot see (a real wait on something outside the domain). */
    private static boolean rootIsBlocked(Domain domain) {
        Thread.State state = domain.rootThread().getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    /**
     * True when every member the ledger counts as runnable is BLOCKED entering a monitor whose owner is a durably
     * blocked member, or another such BLOCKED member (section 3.1). Durably blocked means it twice over: the ledger
     * says the owner waits, and its thread is parked. A monitor of timescope's own (a domain's lock, which hooks take
     * to change the ledger) never counts: a member BLOCKED on it is on its way into or out of a wait, and an owner
     * the ledger shows waiting may hold it for a moment after a real wake-up.
     */
    static boolean allBlockedBehindBlockedOwners(Domain domain, List<Member> running) {
        Map<Long, Thread> blocked = new HashMap<>();
        Map<Long, Long> ownerOf = new HashMap<>();
        for (Member m : running) {
            if (m.thread.getState() != Thread.State.BLOCKED) {
                return false;
            }
            ThreadInfo info = Reports.threadInfo(m.thread);
            if (info == null || info.getThreadState() != Thread.State.BLOCKED || info.getLockOwnerId() < 0
                    || isTimescopeMonitor(domain, info.getLockInfo())) {
                return false;
            }
            blocked.put(info.getThreadId(), m.thread);
            ownerOf.put(info.getThreadId(), info.getLockOwnerId());
        }
        for (Map.Entry<Long, Long> e : ownerOf.entrySet()) {
            long owner = e.getValue();
            if (blocked.containsKey(owner)) {
                continue;
            }
            Thread ownerThread = domain.memberThread(owner);
            if (ownerThread == null || !domain.isDurablyBlocked(ownerThread) || !isParked(ownerThread)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTimescopeMonitor(Domain domain, LockInfo lock) {
        return lock == null || lock.getIdentityHashCode() == System.identityHashCode(domain)
                || lock.getClassName().startsWith("dev.timescope.internal.");
    }

    private static boolean isParked(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
