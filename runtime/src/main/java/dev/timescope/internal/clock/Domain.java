package dev.timescope.internal.clock;

import dev.timescope.LeakPolicy;
import dev.timescope.LeakedThreadsError;
import dev.timescope.VirtualTimeError;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One virtual clock and the threads that share it: the contract of {@code virtual-time.md}.
 *
 * <p>The domain keeps a <em>ledger</em>: how many members are runnable. Hooks update it as members
 * enter and leave intercepted waits, and whoever brings the count to zero moves the clock
 * (section 3.1, auto-advance) or wakes the controller waiting for that moment (section 3.2). Time
 * moves only when the domain is quiescent, deadline by deadline, so a sleeper can never overtake
 * a shorter timed wait on another thread (lessons.md: the naive-sleep race).
 *
 * <p>All mutable state is guarded by this object's monitor. It is a monitor and not a
 * {@code java.util.concurrent} lock on purpose: those park through the very hooks this class
 * implements. Nothing slow (stacks, JMX, formatting) happens while holding it.
 */
public final class Domain {

    private static final AtomicLong IDS = new AtomicLong();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_ADJUSTMENT_SECONDS = 1L << 32; // the range of VM.getNanoTimeAdjustment
    private static final long FINISH_GRACE_NANOS = 500_000_000L;

    private final long id = IDS.incrementAndGet();
    final DomainOptions options;
    private final String name;
    final Member root;
    private volatile Object handle;

    // The clock. Readings are lock-free; writes happen under the lock and only forwards.
    private final long nanoOrigin;
    private final long startEpochSecond;
    private final int startNano;
    private volatile long now;

    // The ledger.
    private final Map<Thread, Member> members = new LinkedHashMap<>();
    private final TimerQueue timers = new TimerQueue();
    private final List<Wait> controllers = new ArrayList<>();
    private final Map<Thread, List<Wait>> joiners = new HashMap<>();
    private int runnable;
    /** Members the watchdog confirmed BLOCKED on a monitor owned by a durably blocked member. */
    private int excused;
    /** Bumped by every ledger change; the watchdog's confirmations are valid for one epoch only. */
    private long epoch;
    private boolean closed;

    // Failure (section 4): the clock stands still from the failure until the root has been told.
    private Failure pending;
    private Failure lastReported;

    // Quiescent with nothing that may fire: the watchdog turns this into a deadlock after the grace.
    private long stuckSince = -1;
    private long stuckEpoch;
    // Quiescent with a timer to fire, waiting for the advance grace (section 3.1).
    private long graceSince = -1;
    private long graceEpoch;
    private long graceGrantedEpoch = -1;

    // Runaway guard: firings since the root or a controller last started or ended a wait.
    private long episodeStart;
    private long episodeFired;
    private final Map<Object, long[]> episodeByOwner = new HashMap<>();

    private Domain(DomainOptions options, Thread rootThread) {
        this.options = options;
        this.name = options.name != null ? options.name : "domain-" + id + " (" + rootThread.getName() + ")";
        this.nanoOrigin = System.nanoTime();
        this.startEpochSecond = options.start.getEpochSecond();
        this.startNano = options.start.getNano();
        this.root = new Member(this, rootThread, true, null, null);
        this.members.put(rootThread, root);
        this.runnable = 1;
    }

    /**
     * Opens a domain rooted at the calling thread.
     *
     * @throws IllegalStateException if the calling thread already belongs to an open domain
     */
    public static Domain open(DomainOptions options) {
        Thread thread = Thread.currentThread();
        Member existing = Domains.memberOf(thread);
        if (existing != null) {
            throw new IllegalStateException("thread \"" + thread.getName() + "\" already belongs to virtual-time "
                    + "domain " + existing.domain.name + "; close it before starting another one");
        }
        Watchdog.ensureRunning(); // before the root is a member, or the root would adopt the watchdog
        Domain domain = new Domain(options, thread);
        Domains.register(domain.root);
        Domains.opened();
        Watchdog.register(domain);
        return domain;
    }

    public String name() {
        return name;
    }

    public Thread rootThread() {
        return root.thread;
    }

    /** The public handle ({@code VirtualClock}) of this domain; typed Object so the core never names it. */
    public Object handle() {
        return handle;
    }

    public void handle(Object handle) {
        this.handle = handle;
    }

    // ---------------------------------------------------------------- readings (section 2)

    /** The instant the clock started at. */
    public Instant start() {
        return Instant.ofEpochSecond(startEpochSecond, startNano);
    }

    /** Virtual nanoseconds since the domain started. */
    public long elapsedNanos() {
        return now;
    }

    /** {@code System.nanoTime()} as members see it: it moves exactly with the wall clock. */
    public long nanoTime() {
        return nanoOrigin + now;
    }

    public long currentTimeMillis() {
        long n = now;
        long seconds = startEpochSecond + n / NANOS_PER_SECOND;
        long nanos = startNano + n % NANOS_PER_SECOND;
        return seconds * 1000 + nanos / 1_000_000;
    }

    public Instant instant() {
        long n = now;
        return Instant.ofEpochSecond(startEpochSecond + n / NANOS_PER_SECOND, startNano + n % NANOS_PER_SECOND);
    }

    /** What {@code jdk.internal.misc.VM.getNanoTimeAdjustment(offset)} returns for members: java.time's source. */
    public long nanoTimeAdjustment(long offsetSeconds) {
        long n = now;
        long seconds = startEpochSecond + n / NANOS_PER_SECOND;
        long nanos = startNano + n % NANOS_PER_SECOND;
        long diff = seconds - offsetSeconds;
        if (diff >= MAX_ADJUSTMENT_SECONDS || diff <= -MAX_ADJUSTMENT_SECONDS) {
            return -1;
        }
        return diff * NANOS_PER_SECOND + nanos;
    }

    public synchronized int pendingTimers() {
        return timers.pendingCount();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** The last failure (deadlock, runaway) reported to the root, as it threw it; null if none. */
    public VirtualTimeError failure() {
        Failure f;
        synchronized (this) {
            f = lastReported != null ? lastReported : pending;
        }
        return f == null ? null : f.toError();
    }

    // ---------------------------------------------------------------- membership (section 1)

    /**
     * Makes {@code thread}, just constructed by {@code creator}, a member. It counts as runnable
     * only once started. Returns null when the domain is closing.
     */
    public Member adopt(Thread thread, Member creator) {
        Member existing = Domains.memberOf(thread);
        if (existing != null) {
            return existing; // Thread constructors delegate to each other: the hook runs once per level
        }
        StackTraceElement[] site = CreationSite.capture();
        synchronized (this) {
            if (closed) {
                return null;
            }
            Member member = members.get(thread);
            if (member == null) {
                member = new Member(this, thread, false, creator, site);
                members.put(thread, member);
                Domains.register(member);
            }
            return member;
        }
    }

    /** A thread that turned out, by the time it starts, to be a JDK service thread: it is no member. */
    public synchronized void disown(Member member) {
        if (member.state == Member.State.NEW && members.remove(member.thread) == member) {
            member.state = Member.State.TERMINATED;
            Domains.unregister(member);
        }
    }

    /** {@code Thread.start} of a member: from this instant it holds the clock. */
    public synchronized void started(Member member) {
        if (member.state == Member.State.NEW && !closed) {
            member.state = Member.State.RUNNING;
            runnable++;
            changed();
        }
    }

    /** The member's thread has finished: it no longer holds the clock, and its joiners wake. */
    public synchronized void terminated(Member member) {
        if (member.state == Member.State.TERMINATED || members.get(member.thread) != member) {
            return;
        }
        if (member.state == Member.State.WAITING && member.wait != null) {
            wakeLocked(member.wait, WakeReason.CLOSED);
        }
        if (member.state == Member.State.RUNNING) {
            runnable--;
        }
        member.state = Member.State.TERMINATED;
        members.remove(member.thread);
        Domains.unregister(member);
        List<Wait> waiting = joiners.remove(member.thread);
        if (waiting != null) {
            for (Wait w : new ArrayList<>(waiting)) {
                wakeLocked(w, WakeReason.TERMINATED);
            }
        }
        changed();
        afterLedgerChange();
    }

    // ---------------------------------------------------------------- member waits (section 2)

    /** A member's sleep of {@code nanos} (> 0) virtual nanoseconds. */
    public WakeOutcome sleep(Member member, long nanos) {
        return await(member, WaitKind.SLEEP, null, Relative.of(nanos));
    }

    /**
     * A member's park: returns at once when it holds a virtual permit; {@code nanos < 0} means no
     * deadline. The real permit mirrors the virtual one (see {@link #unpark}).
     */
    public WakeOutcome park(Member member, Object blocker, long nanos) {
        return await(member, WaitKind.PARK, blocker, Relative.of(nanos));
    }

    /** A member's {@code parkUntil}: the deadline is on the domain's wall clock. */
    public WakeOutcome parkUntil(Member member, Object blocker, long epochMillis) {
        return await(member, WaitKind.PARK, blocker, new AtEpochMillis(epochMillis));
    }

    /** A member joins another member's thread; {@code nanos < 0} means no deadline. */
    public WakeOutcome join(Member member, Thread target, long nanos) {
        return await(member, WaitKind.JOIN, target, Relative.of(nanos));
    }

    /**
     * {@code LockSupport.unpark} of a member: it counts as runnable from this instant (section 3.1).
     * An unpark that finds the member not parked becomes its permit, as with the real one.
     */
    public void unpark(Member target) {
        synchronized (this) {
            Wait w = target.wait;
            if (w != null && w.kind == WaitKind.PARK) {
                wakeLocked(w, WakeReason.UNPARKED);
                return;
            }
            target.permit = true;
        }
        // Not parked here: it may be parked where no hook sees it, so the real permit is set too.
        LockSupport.unpark(target.thread);
    }

    /** Called as another thread interrupts {@code target}, before the interrupt is delivered. */
    public synchronized void interrupting(Member target) {
        Wait w = target.wait;
        if (w != null && !w.kind.isController()) {
            wakeLocked(w, WakeReason.INTERRUPTED);
        }
    }

    private WakeOutcome await(Member member, WaitKind kind, Object blocker, Deadline deadline) {
        Wait w;
        synchronized (this) {
            if (closed || members.get(member.thread) != member) {
                return WakeOutcome.CLOSED_BEFORE;
            }
            if (member.root && pending != null) {
                return deliverToRoot(pending);
            }
            if (kind == WaitKind.PARK && member.permit) {
                member.permit = false;
                return WakeOutcome.UNPARKED;
            }
            if (kind == WaitKind.JOIN) {
                Member target = members.get((Thread) blocker);
                if (target == null || target.state == Member.State.NEW) {
                    return WakeOutcome.TERMINATED; // it already ended (or never started): nothing to wait for
                }
            }
            long due = deadline.resolve(this);
            if (due <= now) {
                return WakeOutcome.TIMEOUT; // a deadline already past: the JDK returns at once too
            }
            w = new Wait(member.thread, member, kind, blocker, due);
            member.state = Member.State.WAITING;
            member.wait = w;
            runnable--;
            enqueueSafely(w);
        }
        return awaitWake(w);
    }

    // ---------------------------------------------------------------- controllers (section 3.2)

    /** Fires every timer up to {@code target} (virtual nanos since start), then rests there. */
    public void advanceTo(long target) {
        control(WaitKind.ADVANCE, target);
    }

    public void runUntilIdle() {
        control(WaitKind.IDLE, Wait.NO_DEADLINE);
    }

    public void awaitQuiescence() {
        control(WaitKind.QUIESCENCE, Wait.NO_DEADLINE);
    }

    private void control(WaitKind kind, long deadline) {
        Thread thread = Thread.currentThread();
        Member member = Domains.memberOf(thread);
        if (member != null && member.domain != this) {
            throw new IllegalStateException("thread \"" + thread.getName() + "\" belongs to domain "
                    + member.domain.name + " and cannot drive the clock of " + name);
        }
        Wait w;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("virtual clock " + name + " is closed");
            }
            if (kind == WaitKind.ADVANCE && deadline < now) {
                throw new IllegalArgumentException("cannot advance to " + describe(deadline) + ": the clock is already at "
                        + describe(now) + " and virtual time never goes backwards");
            }
            if (member != null && member.root && pending != null) {
                throw failureOf(deliverToRoot(pending));
            }
            w = new Wait(thread, member, kind, null, deadline);
            if (member != null) {
                member.state = Member.State.WAITING;
                member.wait = w;
                runnable--;
            }
            enqueueSafely(w);
        }
        WakeOutcome outcome = awaitWake(w);
        if (outcome.reason == WakeReason.FAILED) {
            throw failureOf(outcome);
        }
        if (outcome.reason == WakeReason.CLOSED) {
            throw new IllegalStateException("virtual clock " + name + " was closed while " + kind.description);
        }
    }

    // ---------------------------------------------------------------- the ledger

    /** Enqueues under the lock; should anything throw, the wait is undone so the ledger stays true. */
    private void enqueueSafely(Wait w) {
        try {
            enqueue(w);
        } catch (RuntimeException | Error e) {
            wakeLocked(w, WakeReason.CLOSED);
            throw e;
        }
    }

    private void enqueue(Wait w) {
        if (w.member != null && w.member.root || w.kind.isController()) {
            resetEpisode();
        }
        if (w.kind.isController()) {
            controllers.add(w);
        }
        if (w.kind == WaitKind.JOIN) {
            joiners.computeIfAbsent((Thread) w.blocker, t -> new ArrayList<>(1)).add(w);
        }
        if (w.hasDeadline()) {
            timers.add(w);
        }
        changed();
        afterLedgerChange();
    }

    /**
     * Blocks until {@code w} is woken. Real wake-ups that no hook accounted for end a park (parks
     * may return spuriously, and an unpark we could not see must not be lost); other waits go on.
     */
    private WakeOutcome awaitWake(Wait w) {
        Object parkBlocker = w.blocker != null && !(w.blocker instanceof Thread) ? w.blocker : w;
        boolean deferredInterrupt = false;
        try {
            while (true) {
                WakeReason reason = w.reason;
                if (reason == null) {
                    LockSupport.park(parkBlocker);
                    reason = w.reason;
                }
                if (reason == null) {
                    synchronized (this) {
                        if (w.reason == null) {
                            if (w.kind == WaitKind.PARK) {
                                wakeLocked(w, WakeReason.UNPARKED);
                            } else if (Thread.currentThread().isInterrupted()) {
                                if (w.kind.isController()) {
                                    // Controllers are not interruptible; keep the flag for the caller.
                                    Thread.interrupted();
                                    deferredInterrupt = true;
                                } else {
                                    wakeLocked(w, WakeReason.INTERRUPTED);
                                }
                            }
                        }
                        reason = w.reason;
                    }
                }
                if (reason != null) {
                    return outcomeOf(w, reason);
                }
            }
        } finally {
            if (deferredInterrupt) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private WakeOutcome outcomeOf(Wait w, WakeReason reason) {
        if (reason == WakeReason.INTERRUPTED) {
            InterruptFlag.awaitVisible();
        }
        if (reason == WakeReason.FAILED) {
            synchronized (this) {
                return w.member != null && w.member.root ? deliverToRoot(w.failure) : new WakeOutcome(w.failure);
            }
        }
        if (reason == WakeReason.CLOSED) {
            return WakeOutcome.closed(w.hasDeadline() ? Math.max(0, w.deadline - now) : -1);
        }
        return WakeOutcome.of(reason);
    }

    /** The root is told: from here on the clock may move again (it may catch the error and go on). */
    private WakeOutcome deliverToRoot(Failure failure) {
        if (pending == failure) {
            pending = null;
            changed();
        }
        lastReported = failure;
        return new WakeOutcome(failure);
    }

    /** Ends {@code w}; the woken member is runnable from this instant. Idempotent. */
    void wakeLocked(Wait w, WakeReason reason) {
        if (w.reason != null) {
            return;
        }
        if (w.kind == WaitKind.ADVANCE && reason == WakeReason.TIMEOUT) {
            // Target reached: the controller now waits for the members woken at it to settle.
            w.targetReached = true;
            changed();
            return;
        }
        if (reason == WakeReason.FAILED) {
            w.failure = pending;
        }
        w.reason = reason;
        if (w.hasDeadline()) {
            timers.cancel(w);
        }
        if (w.kind.isController()) {
            controllers.remove(w);
            if (w.member == null || w.member.root) {
                resetEpisode();
            }
        }
        if (w.kind == WaitKind.JOIN) {
            List<Wait> list = joiners.get((Thread) w.blocker);
            if (list != null) {
                list.remove(w);
            }
        }
        Member m = w.member;
        if (m != null && m.wait == w) {
            m.wait = null;
            m.state = Member.State.RUNNING;
            runnable++;
            if (m.root) {
                resetEpisode();
            }
        }
        changed();
        if (w.thread != Thread.currentThread()) {
            // Never unpark oneself (the last member to block may fire its own timer, a park may end itself
            // as spurious): the stale permit would end the thread's next park at once, and again, in a loop.
            LockSupport.unpark(w.thread);
        }
    }

    private void changed() {
        epoch++;
        excused = 0;
        stuckSince = -1;
        graceSince = -1;
    }

    /** Whoever changed the ledger checks whether the domain is now quiescent. */
    private void afterLedgerChange() {
        while (!closed && runnable - excused == 0) {
            if (wakeControllers(WaitKind.QUIESCENCE)) {
                continue;
            }
            Timer next = timers.peek();
            if (next == null) {
                if (wakeControllers(WaitKind.IDLE)) {
                    continue;
                }
                markStuck();
                return;
            }
            if (pending != null || !mayFire(next)) {
                markStuck();
                return;
            }
            if (options.advanceGraceNanos > 0 && graceGrantedEpoch != epoch) {
                if (graceSince < 0) {
                    graceSince = System.nanoTime();
                    graceEpoch = epoch;
                }
                return;
            }
            fireInstant(next.deadline);
        }
    }

    private boolean mayFire(Timer next) {
        if (options.autoAdvance) {
            return true;
        }
        for (Wait c : controllers) {
            if (c.kind == WaitKind.IDLE || c.kind == WaitKind.ADVANCE && !c.targetReached && c.deadline >= next.deadline) {
                return true;
            }
        }
        return false;
    }

    /** Wakes every controller of {@code kind}; true if that made a member runnable. */
    private boolean wakeControllers(WaitKind kind) {
        boolean any = false;
        int before = runnable;
        for (Wait c : new ArrayList<>(controllers)) {
            if (c.kind == kind || kind == WaitKind.QUIESCENCE && c.targetReached) {
                wakeLocked(c, WakeReason.CONDITION_MET);
                any = true;
            }
        }
        return any && runnable > before;
    }

    /** Moves the clock to {@code instant} and fires every timer due then, in registration order. */
    private void fireInstant(long instant) {
        if (instant > now) {
            now = instant;
        }
        Timer t;
        while ((t = timers.pollDueAt(instant)) != null) {
            t.fire(this);
            if (t.countsAsPending() && countFiring(t)) {
                return;
            }
        }
    }

    private boolean countFiring(Timer t) {
        episodeFired++;
        episodeByOwner.computeIfAbsent(t.owner(), o -> new long[1])[0]++;
        if (episodeFired > options.runawayLimit) {
            runaway();
            return true;
        }
        return false;
    }

    /** Captures what the runaway report needs now; the receiver formats it (with the busiest thread's stack). */
    private void runaway() {
        Object busiest = null;
        long most = -1;
        for (Map.Entry<Object, long[]> e : episodeByOwner.entrySet()) {
            if (e.getValue()[0] > most) {
                most = e.getValue()[0];
                busiest = e.getKey();
            }
        }
        long fired = episodeFired;
        long from = episodeStart;
        long reached = now;
        long target = targetOfEpisode();
        Object busiestOwner = busiest;
        long busiestCount = most;
        fail(new Failure(Failure.Kind.RUNAWAY,
                () -> Reports.runaway(this, fired, from, reached, target, busiestOwner, busiestCount)));
    }

    /** The deadline the root or a controller is waiting for, or {@link Wait#NO_DEADLINE}. */
    private long targetOfEpisode() {
        for (Wait c : controllers) {
            if (c.kind == WaitKind.ADVANCE) {
                return c.deadline;
            }
        }
        return root.wait != null ? root.wait.deadline : Wait.NO_DEADLINE;
    }

    private void resetEpisode() {
        episodeStart = now;
        episodeFired = 0;
        episodeByOwner.clear();
    }

    private void markStuck() {
        if (stuckSince < 0) {
            stuckSince = System.nanoTime();
            stuckEpoch = epoch;
        }
    }

    /** Records the failure and wakes the root and every controller so that they report it. */
    private void fail(Failure failure) {
        pending = failure;
        if (root.wait != null) {
            wakeLocked(root.wait, WakeReason.FAILED);
        }
        for (Wait c : new ArrayList<>(controllers)) {
            wakeLocked(c, WakeReason.FAILED);
        }
    }

    // ---------------------------------------------------------------- called by the watchdog

    /** Deadlock (section 4): still quiescent with nothing to fire after the grace period. */
    void checkDeadlock(long realNow) {
        long seenEpoch;
        long nextDeadline;
        boolean frozen;
        synchronized (this) {
            if (closed || stuckSince < 0 || stuckEpoch != epoch || realNow - stuckSince < options.deadlockGraceNanos) {
                return;
            }
            seenEpoch = epoch;
            Timer next = timers.peek();
            nextDeadline = next == null ? Wait.NO_DEADLINE : next.deadline;
            frozen = pending != null;
        }
        String report = Reports.deadlock(this, views(), nextDeadline, frozen); // outside the lock: stacks, JMX
        boolean told;
        synchronized (this) {
            if (closed || epoch != seenEpoch || stuckSince < 0) {
                return; // something moved while the report was written: not a deadlock after all
            }
            stuckSince = -1;
            fail(new Failure(Failure.Kind.DEADLOCK, () -> report));
            told = root.wait != null || !controllers.isEmpty();
        }
        if (!told) {
            // The root is BLOCKED on a monitor and cannot be woken: say it now; it is told when it next waits.
            System.getLogger("dev.timescope").log(Level.ERROR, report);
        }
    }

    /** The advance grace (section 3.1) has passed without a ledger change: fire the next instant. */
    synchronized void checkAdvanceGrace(long realNow) {
        if (closed || graceSince < 0 || graceEpoch != epoch || realNow - graceSince < options.advanceGraceNanos) {
            return;
        }
        graceSince = -1;
        graceGrantedEpoch = epoch;
        afterLedgerChange();
    }

    /** Members the ledger counts runnable, with the epoch the snapshot belongs to. */
    synchronized Snapshot runningMembers() {
        if (closed || runnable - excused <= 0) {
            return null;
        }
        List<Member> running = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.state == Member.State.RUNNING) {
                running.add(m);
            }
        }
        return new Snapshot(epoch, running, root.wait != null || !controllers.isEmpty());
    }

    /** Whether the ledger says {@code thread} is a member durably blocked in an intercepted wait. */
    synchronized boolean isDurablyBlocked(Thread thread) {
        Member m = members.get(thread);
        return m != null && m.state == Member.State.WAITING;
    }

    /**
     * The watchdog confirmed twice that every runnable member is BLOCKED on a monitor owned by a
     * durably blocked member (section 3.1): treat them as blocked for this epoch.
     */
    synchronized void excuse(long confirmedEpoch, int count) {
        if (closed || confirmedEpoch != epoch || count != runnable) {
            return;
        }
        excused = count;
        afterLedgerChange();
    }

    /**
     * Drops members whose thread died without the exit hook seeing it (no agent, an unknown JDK), and
     * members counted as started whose thread has stayed NEW for {@link #FAILED_START_NANOS} of real time:
     * their {@code start()} failed. A start on a loaded machine can take milliseconds, so the evidence must
     * be long, not two quick looks.
     */
    synchronized void reapDeadMembers(long realNow) {
        for (Member m : new ArrayList<>(members.values())) {
            if (m.root || m.state == Member.State.NEW) {
                continue;
            }
            Thread.State real = m.thread.getState();
            if (real == Thread.State.TERMINATED) {
                terminated(m);
            } else if (real == Thread.State.NEW && m.state == Member.State.RUNNING) {
                if (m.unstartedSince < 0) {
                    m.unstartedSince = realNow;
                } else if (realNow - m.unstartedSince > FAILED_START_NANOS) {
                    terminated(m);
                }
            } else {
                m.unstartedSince = -1;
            }
        }
    }

    private static final long FAILED_START_NANOS = 1_000_000_000L;

    // ---------------------------------------------------------------- closing (section 4, "Leak")

    /**
     * Closes the domain; only the root may. A failure not yet reported is thrown; members still alive
     * are reported per the leak policy, then interrupted. From then on they run in real time.
     */
    public void close() {
        Thread caller = Thread.currentThread();
        List<Member> alive = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            if (caller != root.thread) {
                throw new IllegalStateException("virtual clock " + name + " must be closed by the thread that started it, \""
                        + root.thread.getName() + "\", not by \"" + caller.getName() + "\"");
            }
            for (Member m : members.values()) {
                if (!m.root && m.state != Member.State.NEW && m.state != Member.State.TERMINATED) {
                    alive.add(m);
                }
            }
        }
        List<Member> leaked = awaitFinishing(alive);
        String leakReport = leaked.isEmpty() ? null : Reports.leak(this, views(leaked));
        Failure unreported;
        synchronized (this) {
            closed = true;
            unreported = pending;
            for (Member m : new ArrayList<>(members.values())) {
                if (m.wait != null) {
                    wakeLocked(m.wait, WakeReason.CLOSED);
                }
                Domains.unregister(m);
            }
            for (Wait c : new ArrayList<>(controllers)) {
                wakeLocked(c, WakeReason.CLOSED);
            }
            members.clear();
            joiners.clear();
            timers.clear();
        }
        Watchdog.unregister(this);
        Domains.closed();
        for (Member m : leaked) {
            m.thread.interrupt();
        }
        if (unreported != null) {
            VirtualTimeError error = unreported.toError();
            if (leakReport != null) {
                error.addSuppressed(new LeakedThreadsError(leakReport));
            }
            throw error;
        }
        if (leakReport != null && lastReported == null) {
            if (options.leakPolicy == LeakPolicy.FAIL) {
                throw new LeakedThreadsError(leakReport);
            }
            if (options.leakPolicy == LeakPolicy.WARN) {
                System.getLogger("dev.timescope").log(Level.WARNING, leakReport);
            }
        }
    }

    /**
     * Threads that are running may be finishing (a pool worker leaving after {@code shutdown()}); they
     * get a short real-time grace. Threads blocked in a virtual wait are leaked for sure. Polls with a
     * real sleep: a join would go through the rewritten JDK and wait on the virtual clock.
     */
    private List<Member> awaitFinishing(List<Member> alive) {
        long deadline = System.nanoTime() + FINISH_GRACE_NANOS;
        List<Member> leaked = new ArrayList<>();
        for (Member m : alive) {
            while (m.thread.isAlive() && !isWaiting(m) && System.nanoTime() - deadline < 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (m.thread.isAlive()) {
                leaked.add(m);
            }
        }
        return leaked;
    }

    private synchronized boolean isWaiting(Member m) {
        return m.state == Member.State.WAITING;
    }

    // ---------------------------------------------------------------- reports

    synchronized List<MemberView> views() {
        List<MemberView> views = new ArrayList<>();
        for (Member m : members.values()) {
            views.add(new MemberView(m));
        }
        return views;
    }

    private synchronized List<MemberView> views(List<Member> selected) {
        List<MemberView> views = new ArrayList<>();
        for (Member m : selected) {
            views.add(new MemberView(m));
        }
        return views;
    }

    String describe(long virtualNanos) {
        return Reports.describeInstant(this, virtualNanos);
    }

    /** The error a thread woken by a failure throws, with its own stack. */
    public static VirtualTimeError failureOf(WakeOutcome outcome) {
        return outcome.failure.toError();
    }

    @Override
    public String toString() {
        return "Domain[" + name + ", at " + describe(now) + "]";
    }

    // ---------------------------------------------------------------- deadlines

    /** A deadline resolved under the lock, against the clock at the instant the wait begins. */
    private interface Deadline {
        long resolve(Domain domain);
    }

    private static final class Relative implements Deadline {
        private static final Relative NONE = new Relative(-1);
        private final long nanos;

        private Relative(long nanos) {
            this.nanos = nanos;
        }

        static Relative of(long nanos) {
            return nanos < 0 ? NONE : new Relative(nanos);
        }

        @Override
        public long resolve(Domain domain) {
            if (nanos < 0) {
                return Wait.NO_DEADLINE;
            }
            long deadline = domain.now + nanos;
            return deadline < 0 || deadline >= Wait.NO_DEADLINE ? Wait.NO_DEADLINE - 1 : deadline; // saturate
        }
    }

    private static final class AtEpochMillis implements Deadline {
        private final long epochMillis;

        AtEpochMillis(long epochMillis) {
            this.epochMillis = epochMillis;
        }

        @Override
        public long resolve(Domain domain) {
            long nowMillis = domain.currentTimeMillis();
            if (epochMillis <= nowMillis) {
                return domain.now; // already past
            }
            long millis = epochMillis - nowMillis;
            long nanos = millis > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000;
            // Align to the millisecond boundary the caller named, not to now's sub-millisecond part.
            long subMilli = (domain.startNano + domain.now % NANOS_PER_SECOND) % 1_000_000;
            return new Relative(Math.max(0, nanos - subMilli)).resolve(domain);
        }
    }

    /** A consistent view for the watchdog. */
    static final class Snapshot {
        final long epoch;
        final List<Member> running;
        /** Whether the root or a controller is waiting for the clock these members hold. */
        final boolean someoneWaits;

        Snapshot(long epoch, List<Member> running, boolean someoneWaits) {
            this.epoch = epoch;
            this.running = running;
            this.someoneWaits = someoneWaits;
        }
    }
}
