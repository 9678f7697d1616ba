package dev.timescope.internal.clock;

import dev.timescope.LeakPolicy;
import dev.timescope.LeakedThreadsError;
import dev.timescope.VirtualTimeError;
import dev.timescope.internal.Threads;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One virtual clock and the threads that share it: the contract of {@code virtual-time.md}.
 *
 * <p>The domain keeps a <em>ledger</em> of what may still act before the clock moves: runnable members, and
 * work in flight queued for a pool thread. Hooks update it as members enter and leave intercepted waits and
 * hand work to pools, and whoever brings it to zero moves the clock (section 3.1, auto-advance) or wakes the
 * controller waiting for that moment (section 3.2). Time moves only when the domain is quiescent, deadline by
 * deadline, so a sleeper can never overtake a shorter timed wait on another thread, and a task handed to a
 * pool can never lose a race against the clock.
 *
 * <p><b>Locking.</b> All mutable state is guarded by this object's monitor. It is a monitor and not a
 * {@code java.util.concurrent} lock on purpose: those park through the very hooks this class implements.
 * Nothing slow (stacks, JMX, formatting) happens while holding it, and nothing that takes another lock: what
 * must touch a pool or wake a thread out of {@code Object.wait} is handed to the {@link Dispatcher}. The only
 * locks ever held when this one is taken are a monitor a member waits or notifies on (order: that monitor, then
 * the domain) and the one the watchdog prints a report under (order: printing, then the domain).
 *
 * <p>Two things never wait for the lock. A virtual thread's exit is told on the thread itself, as its run returns;
 * where it can only be told from its carrier (early JDK 21 builds unmount the thread first), a monitor wait would
 * pin the carrier: it is queued lock-free ({@link #exited}) and drained under the lock by the next ledger change or
 * by the dispatcher. And a member entering a wait, or an unpark, collects the threads it wakes and unparks
 * them after letting go of the lock, so that they do not wake only to block on it.
 */
public final class Domain {

    private static final AtomicLong IDS = new AtomicLong();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_ADJUSTMENT_SECONDS = 1L << 32; // the range of VM.getNanoTimeAdjustment
    private static final long FINISH_GRACE_NANOS = 500_000_000L;
    private static final long FAILED_START_NANOS = 1_000_000_000L;

    private final long id = IDS.incrementAndGet();
    final DomainOptions options;
    private final String name;
    final Member root;
    private final AtomicReference<Object> handle = new AtomicReference<>();

    // The clock. Readings are lock-free; writes happen under the lock and only forwards.
    private final long nanoOrigin;
    private final long startEpochSecond;
    private final int startNano;
    /** The start in whole milliseconds since the epoch, and the nanoseconds past that millisecond. */
    private final long startMillis;
    private final long startNanoOfMilli;
    /** The reading the ledger last acted on; the line may have run ahead of it (see {@link #clockLocked}). */
    private volatile long now;
    /** How the clock moves: by jumps only, with busy members (section 3.5), or at a rate (sections 3.3 and 6). */
    private final TimeLine line;
    /** The global domain (section 6): never closed, no failure thrown at a root, its clock may run by itself. */
    private final boolean global;

    // The ledger.
    private final Map<Thread, Member> members = new LinkedHashMap<>();
    private final TimerQueue timers = new TimerQueue();
    private final List<Wait> controllers = new ArrayList<>();
    private final Map<Thread, List<Wait>> joiners = new HashMap<>();
    /** Members RUNNING (borrowed pool workers included). */
    private int runnable;
    /** Work in flight waiting for a pool thread: the sum of {@link Work#queued}. */
    private int queued;
    /**
     * Due scheduled tasks the dispatcher has yet to hand to their pools. A hand-off is work in flight (section 5)
     * until it has returned: it takes the pool's queue lock, and a pool thread parked behind that lock is woken
     * only by its release, after the lock is free. Counted, such a thread cannot look durably blocked meanwhile.
     */
    private int releasing;
    private final Set<Work> works = new LinkedHashSet<>();
    /** The works with {@link Work#queued} above zero: a few, where {@link #works} may hold 100,000 scheduled. */
    private final Set<Work> queuedWorks = new LinkedHashSet<>();
    private final Map<Object, PoolLoad> pools = new IdentityHashMap<>();
    /** Members the watchdog confirmed BLOCKED on a monitor owned by a durably blocked member. */
    private int excused;
    /** Bumped by every ledger change; the watchdog's confirmations are valid for one epoch only. */
    private long epoch;
    private boolean closed;

    /**
     * Members whose end was seen only where their exit cannot wait for this lock: on a virtual thread's carrier,
     * outside the thread (early JDK 21 builds, or a run that ended abruptly), and a carrier that blocks on a monitor
     * is lost to every virtual thread, the one the monitor is handed to included. Lock-free; drained under the lock by
     * whoever next changes the ledger, or by the dispatcher. Until drained, such a member still holds the clock (section 3.1).
     */
    private final ConcurrentLinkedQueue<Member> exits = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean exitDrainQueued = new AtomicBoolean();
    /** How many exits were queued so: none on a JDK that lets a virtual thread tell its own end. */
    private final AtomicLong exitsQueued = new AtomicLong();
    private final Runnable drainExits = this::drainExits;

    /**
     * While a hot path (a member entering a wait, which may fire the next instant) holds the lock, the threads
     * it wakes after the first are collected here and unparked once it has let go of the lock: woken under it,
     * they would only block on it at once. The waits are chained through {@link Wait#nextToUnpark} (a wait is
     * woken once), so that an instant that wakes many members allocates nothing. Null while nothing is collected.
     */
    private Wait deferredUnparks;
    private Wait lastDeferredUnpark;
    private boolean deferringUnparks;
    /**
     * Whether the hot path holding the lock has already unparked the first virtual thread it woke. That one is
     * unparked at once rather than collected: the idle carrier its unpark rouses then wakes while the rest of the
     * instant fires instead of after it, and one thread is too few to queue up on the lock. Whatever it does next
     * to the ledger waits for the lock, which is let go only once every timer of the instant has fired: the
     * instant's other members are runnable by then, and the clock cannot move on before they have run (section
     * 5). A platform thread is never unparked under the lock: the operating system may run it at once, on the
     * core of the thread that holds the lock, only for it to block on that lock.
     */
    private boolean unparkedFirst;

    // Failure (section 4): the clock stands still from the failure until the root has been told.
    private Failure pending;
    private Failure lastReported;
    /**
     * Held by the watchdog while it prints a report no thread throws; taken by close() once closed, so that such
     * a report is printed before close() returns or not at all. Never taken with this domain's lock held.
     */
    private final Object printing = new Object();

    // Quiescent with nothing that may fire: the watchdog turns this into a deadlock after the grace.
    private long stuckSince = -1;
    private long stuckEpoch;
    // Quiescent with a timer to fire, waiting for the advance grace (section 3.1).
    private long graceSince = -1;
    private long graceEpoch;
    private long graceGrantedEpoch = -1;

    // Runaway guard (section 4): an episode lasts from the root or a controller starting or ending a wait to the
    // next; each source of timers that re-arms (see Rearms) counts its own firings in it.
    private long episode;
    private long episodeStart;
    private long episodeFired;
    private Object busiestOwner;
    private long busiestFired;

    private Domain(DomainOptions options, Thread rootThread) {
        this.options = options;
        this.name = options.name != null ? options.name : "domain-" + id + " (" + rootThread.getName() + ")";
        this.nanoOrigin = System.nanoTime();
        this.startEpochSecond = options.start.getEpochSecond();
        this.startNano = options.start.getNano();
        this.startMillis = startEpochSecond * 1000 + startNano / 1_000_000;
        this.startNanoOfMilli = startNano % 1_000_000;
        this.global = options.globalRate != null;
        this.line = global ? TimeLine.rated(options.globalRate)
                : options.realTimeWhileBusy ? TimeLine.busy() : TimeLine.fixed();
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
        if (GlobalClock.domain() != null) {
            throw new IllegalStateException(GlobalClock.noDomainInside()); // section 6
        }
        return openOn(options);
    }

    /** The global domain (section 6), rooted at the calling thread: {@link GlobalClock} opens it once. */
    static Domain openGlobal(DomainOptions options) {
        return openOn(options);
    }

    private static Domain openOn(DomainOptions options) {
        Thread thread = Thread.currentThread();
        Member existing = Domains.memberOf(thread);
        if (existing != null) {
            throw new IllegalStateException("thread \"" + thread.getName() + "\" already belongs to virtual-time "
                    + "domain " + existing.domain.name + "; close it before starting another one");
        }
        // Before the root is a member, or the root would adopt them.
        Watchdog.ensureRunning();
        Dispatcher.ensureRunning();
        Domain domain = new Domain(options, thread);
        Domains.register(domain.root);
        Domains.opened();
        Watchdog.register(domain);
        ClockRecorder.opened(domain);
        return domain;
    }

    /** The domain's id, unique in this JVM; recordings name the domain by it. */
    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Thread rootThread() {
        return root.thread;
    }

    /** The public handle ({@code VirtualClock}) of this domain; typed Object so the core never names it. */
    public Object handle() {
        return handle.get();
    }

    public void handle(Object handle) {
        this.handle.set(handle);
    }

    /**
     * Sets the public handle unless one is set already, so that every thread gets the same one.
     *
     * @param candidate the handle to set
     * @return the handle now set: {@code candidate}, or the one another thread set first
     */
    public Object handleIfAbsent(Object candidate) {
        return handle.compareAndSet(null, candidate) ? candidate : handle.get();
    }

    // ---------------------------------------------------------------- readings (section 2)

    /** The instant the clock started at. */
    public Instant start() {
        return Instant.ofEpochSecond(startEpochSecond, startNano);
    }

    /** Virtual nanoseconds since the domain started. */
    public long elapsedNanos() {
        return line.read();
    }

    /** {@code System.nanoTime()} as members see it: it moves exactly with the wall clock. */
    public long nanoTime() {
        return nanoOrigin + elapsedNanos();
    }

    public long currentTimeMillis() {
        long n = elapsedNanos();
        if (n < Long.MAX_VALUE - 1_000_000) { // one division: the start's millisecond plus the nanoseconds since
            return startMillis + (startNanoOfMilli + n) / 1_000_000;
        }
        long seconds = startEpochSecond + n / NANOS_PER_SECOND;
        long nanos = startNano + n % NANOS_PER_SECOND;
        return seconds * 1000 + nanos / 1_000_000;
    }

    public Instant instant() {
        long n = elapsedNanos();
        return Instant.ofEpochSecond(startEpochSecond + n / NANOS_PER_SECOND, startNano + n % NANOS_PER_SECOND);
    }

    /** What {@code jdk.internal.misc.VM.getNanoTimeAdjustment(offset)} returns for members: java.time's source. */
    public long nanoTimeAdjustment(long offsetSeconds) {
        long n = elapsedNanos();
        long seconds = startEpochSecond + n / NANOS_PER_SECOND;
        long nanos = startNano + n % NANOS_PER_SECOND;
        long diff = seconds - offsetSeconds;
        if (diff >= MAX_ADJUSTMENT_SECONDS || diff <= -MAX_ADJUSTMENT_SECONDS) {
            return -1;
        }
        return diff * NANOS_PER_SECOND + nanos;
    }

    /** Virtual nanoseconds from now until the domain's {@code System.nanoTime()} reads {@code nanoTime}. */
    public long nanosUntilNanoTime(long nanoTime) {
        return nanoTime - nanoTime();
    }

    /** The instant the domain's wall clock reads {@code epochMillis}, as virtual nanoseconds since its start. */
    long elapsedAtEpochMillis(long epochMillis) {
        long startMillis = startEpochSecond * 1000 + startNano / 1_000_000;
        long millis = epochMillis - startMillis;
        long nanos = millis > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE
                : millis < Long.MIN_VALUE / 1_000_000 ? Long.MIN_VALUE : millis * 1_000_000;
        return nanos - startNano % 1_000_000;
    }

    /** Under the lock: the clock's reading, with a running line folded in. */
    private long clockLocked() {
        long r = line.read();
        if (r > now) {
            now = r; // a volatile store only when a clock that runs by itself has moved
        }
        return now;
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

    /**
     * The member's thread has finished its run ({@code Thread.exit}, or a virtual thread's end). On the thread
     * itself the ledger is told at once. Elsewhere (a virtual thread's end runs on its carrier, which must never
     * wait for this lock) the exit is queued without blocking or taking a lock, and counts once drained: the
     * member holds the clock until then, so no deadline can fire before it is seen (sections 1 and 3.1).
     */
    public void exited(Member member) {
        if (Thread.currentThread() == member.thread) {
            terminated(member);
            return;
        }
        exits.add(member);
        exitsQueued.incrementAndGet();
        if (exitDrainQueued.compareAndSet(false, true)) {
            Dispatcher.submit(drainExits);
        }
    }

    /** How many members' exits were seen only from elsewhere than their own thread, and queued. */
    public long exitsQueued() {
        return exitsQueued.get();
    }

    /** On the dispatcher: the queued exits count now, should nobody else have drained them. */
    private void drainExits() {
        synchronized (this) {
            exitDrainQueued.set(false); // before polling: an exit queued after the poll queues a new drain
            if (drainExitsLocked()) {
                afterLedgerChange();
            }
        }
    }

    /** Applies the queued exits; true if any changed the ledger. */
    private boolean drainExitsLocked() {
        boolean any = false;
        Member m;
        while ((m = exits.poll()) != null) {
            any |= terminatedLocked(m);
        }
        return any;
    }

    /** The member's thread has finished: it no longer holds the clock, and its joiners wake. */
    public synchronized void terminated(Member member) {
        // Either may be the change that leaves the domain quiescent (section 3.1): the queued exits may hold this
        // very member, already counted when its own step finds nothing left to do.
        boolean drained = drainExitsLocked();
        if (terminatedLocked(member) | drained) {
            afterLedgerChange();
        }
    }

    private boolean terminatedLocked(Member member) {
        if (member.state == Member.State.TERMINATED || members.get(member.thread) != member) {
            return false;
        }
        if (member.state == Member.State.WAITING && member.wait != null) {
            wakeLocked(member.wait, WakeReason.CLOSED);
        }
        removeMemberLocked(member);
        List<Wait> waiting = joiners.remove(member.thread);
        if (waiting != null) {
            for (Wait w : new ArrayList<>(waiting)) {
                wakeLocked(w, WakeReason.TERMINATED);
            }
        }
        changed();
        return true;
    }

    private void removeMemberLocked(Member member) {
        if (member.state == Member.State.RUNNING) {
            runnable--;
        }
        member.state = Member.State.TERMINATED;
        members.remove(member.thread);
        Domains.unregister(member);
        if (member.pool != null) {
            releasePoolLocked(member.pool);
            member.pool = null;
        }
    }

    private void releasePoolLocked(PoolLoad load) {
        if (--load.refs == 0) {
            pools.remove(load.pool);
        }
    }

    // ---------------------------------------------------------------- work in flight (section 1)

    /**
     * A member hands {@code task} to {@code pool} (execute, submit, fork...): from this instant it counts as
     * runnable, until a pool thread runs it or it is dropped. Called before the task is published to the pool.
     *
     * @return false when the domain is closing (the task then runs in real time)
     */
    public boolean submitted(Object task, Object pool, PoolKind kind, WorkControl control, Member submitter) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            Work w = Works.of(task, this);
            if (w == null) {
                w = newWorkLocked(task, pool, kind, control, submitter, null, 0);
            }
            queueLocked(w);
            changed();
            return true;
        }
    }

    /**
     * A member schedules {@code task} on a scheduler, due in {@code delayNanos} of virtual time, then every
     * {@code periodNanos} (see {@link Work#period}): a timer of the domain until then (section 1, "Timer").
     * A delay of zero or less makes it work in flight at once.
     *
     * @return the work, or null when the domain is closing (the task then keeps real time)
     */
    public Work scheduled(Object task, Object pool, PoolKind kind, WorkControl control, Member submitter,
                          long delayNanos, long periodNanos, StackTraceElement[] site) {
        synchronized (this) {
            if (closed) {
                return null;
            }
            Work w = newWorkLocked(task, pool, kind, control, submitter, site, periodNanos);
            Work scheduling = submitter == null ? null : submitter.work;
            if (scheduling != null && scheduling.running > 0 && sameSite(scheduling.site, site)) {
                w.rearms = scheduling.rearms; // a task scheduling its successor: the chain re-arms (section 4)
            }
            long at = clockLocked();
            if (delayNanos <= 0) {
                w.dueAt = at;
                w.firings++;
                queueLocked(w);
                changed();
            } else {
                armLocked(w, saturatedAdd(at, delayNanos));
            }
            return w;
        }
    }

    private static boolean sameSite(StackTraceElement[] a, StackTraceElement[] b) {
        return a != null && b != null && a.length > 0 && b.length > 0 && a[a.length - 1].equals(b[b.length - 1]);
    }

    private Work newWorkLocked(Object task, Object pool, PoolKind kind, WorkControl control, Member submitter,
                               StackTraceElement[] site, long period) {
        PoolLoad load = pools.computeIfAbsent(pool, p -> new PoolLoad(p, kind));
        load.refs++;
        Work w = new Work(this, task, control, load, submitter == null ? null : submitter.thread.getName(), site,
                period);
        works.add(w);
        Works.add(w);
        return w;
    }

    private void queueLocked(Work w) {
        if (w.queued++ == 0) {
            queuedWorks.add(w);
        }
        w.pool.queued++;
        queued++;
    }

    private void unqueueLocked(Work w, int n) {
        w.queued -= n;
        if (w.queued == 0) {
            queuedWorks.remove(w);
        }
        w.pool.queued -= n;
        queued -= n;
    }

    private void armLocked(Work w, long deadline) {
        ScheduledTimer t = new ScheduledTimer(w, Math.max(deadline, now));
        w.timer = t;
        timers.add(t);
        changed();
        afterLedgerChange();
    }

    /** A scheduled task's timer fired (under the lock, in deadline order): it is queued from this instant. */
    void scheduledWorkDue(ScheduledTimer t) {
        Work w = t.work;
        if (w.timer != t || w.retired) {
            return;
        }
        w.timer = null;
        w.dueAt = t.deadline;
        w.firings++;
        queueLocked(w);
        releasing++;
        changed();
        Dispatcher.submit(() -> release(w));
    }

    /**
     * On the dispatcher: hands the due task to its pool, unless its pool has taken it meanwhile. The hand-off
     * holds the clock until it has returned (see {@link #releasing}).
     */
    private void release(Work w) {
        try {
            long firing;
            synchronized (this) {
                if (!isStillDueLocked(w, w.firings)) {
                    return;
                }
                firing = w.firings;
            }
            boolean released;
            try {
                released = w.control.release(w, () -> isStillDue(w, firing));
            } catch (RuntimeException | Error e) {
                released = false;
            }
            if (!released) {
                dropped(w);
            }
        } finally {
            synchronized (this) {
                releasing--;
                changed();
                afterLedgerChange();
            }
        }
    }

    private synchronized boolean isStillDue(Work w, long firing) {
        return isStillDueLocked(w, firing);
    }

    /** Due from that firing, and not yet taken by its pool (a periodic task is re-armed once taken). */
    private boolean isStillDueLocked(Work w, long firing) {
        return !closed && !w.retired && w.firings == firing && w.timer == null && w.queued > 0 && w.running == 0;
    }

    /**
     * A periodic task's run re-arms it (its scheduler puts it back): the next virtual deadline is its last one
     * plus the period at a fixed rate, or now plus the delay at a fixed delay.
     *
     * @return false when the domain is closing, the work was dropped or the task cancelled: the caller lets the
     *         task end
     */
    public boolean rearm(Work w) {
        synchronized (this) {
            if (closed || w.retired || w.period == 0 || isDoneSafely(w)) {
                return false; // cancelled as its run ended (or between): it ends with the run
            }
            long next = w.period > 0 ? saturatedAdd(w.dueAt, w.period) : saturatedAdd(clockLocked(), -w.period);
            if (w.timer == null) {
                armLocked(w, next);
            }
            return true;
        }
    }

    /**
     * A pool thread that belongs to no domain is about to run work of this one: it is attached as a borrowed
     * member for the run, and the work stops counting as queued in the same step the thread starts counting,
     * so the clock cannot slip in between. Returns the member, or null when the domain is closing (the task
     * then runs in real time).
     */
    public Member attachFor(Work w, Thread runner) {
        synchronized (this) {
            if (closed) {
                return null;
            }
            Member m = Member.borrowed(this, runner);
            members.put(runner, m);
            Domains.register(m);
            runnable++;
            m.pool = w.pool;
            w.pool.refs++;
            startRunLocked(w, m);
            return m;
        }
    }

    /**
     * A thread that is a member already runs work of this domain: a borrowed worker of this domain taking its
     * next task, a member running a task inline (a caller-runs policy, {@code invoke}, a helping join), or,
     * rarely, a member of another domain, whose time the task then keeps.
     */
    public void runStartingBy(Work w, Member runner) {
        synchronized (this) {
            if (closed) {
                return;
            }
            startRunLocked(w, runner.domain == this ? runner : null);
            if (runner.domain != this) {
                afterLedgerChange(); // run by another domain's member: this one may be quiescent now
            }
        }
    }

    private void startRunLocked(Work w, Member runner) {
        if (w.queued > 0) {
            unqueueLocked(w, 1);
        }
        w.running++;
        if (runner != null && runner.borrowed) {
            runner.work = w;
        }
        changed();
    }

    /** The run of {@code w} has ended; a borrowed runner stays attached until it waits for its next task. */
    public void runEnded(Work w) {
        synchronized (this) {
            w.running--;
            if (w.isFinished()) {
                retireLocked(w);
            }
            changed();
        }
    }

    /**
     * The task will never run (cancelled, rejected, removed from its queue, its pool shut down): it stops
     * counting, and its timer is cancelled.
     */
    public void dropped(Work w) {
        synchronized (this) {
            if (w.retired) {
                return;
            }
            dropLocked(w);
            afterLedgerChange();
        }
    }

    private void dropLocked(Work w) {
        if (w.queued > 0) {
            unqueueLocked(w, w.queued);
        }
        if (w.timer != null) {
            timers.cancel(w.timer);
            w.timer = null;
        }
        if (w.running == 0) {
            retireLocked(w);
        }
        changed();
    }

    private void retireLocked(Work w) {
        if (!w.retired) {
            w.retired = true;
            works.remove(w);
            queuedWorks.remove(w);
            Works.remove(w);
            releasePoolLocked(w.pool);
        }
    }

    /**
     * Detaches a borrowed member: it waits for its next task, exits, or runs a task of another domain. From
     * this instant it is no member; it stops holding the clock.
     */
    public void detach(Member m) {
        synchronized (this) {
            if (members.get(m.thread) != m) {
                return;
            }
            if (m.state == Member.State.WAITING && m.wait != null) {
                wakeLocked(m.wait, WakeReason.CLOSED);
            }
            removeMemberLocked(m);
            changed();
            afterLedgerChange();
        }
    }

    /**
     * A member stops a pool whose thread belongs to no domain: what the thread does next (leaving, and signalling
     * the pool's termination) is the domain's, so it is attached, runnable from this instant, until it waits for
     * a task again or exits.
     */
    public Member attachPoolThread(Thread worker, boolean toInterrupt) {
        synchronized (this) {
            if (closed || Domains.memberOf(worker) != null) {
                return null;
            }
            Member m = Member.borrowed(this, worker);
            if (toInterrupt) {
                m.interruptsInFlight++; // until the caller has delivered it: see detachIdle
            }
            members.put(worker, m);
            Domains.register(m);
            runnable++;
            changed();
            return m;
        }
    }

    /**
     * A borrowed pool thread is about to wait for its next task: it leaves the domain, unless an interrupt is on
     * its way to it or already set (a shutdown's): its wait would then end at once, and it goes on as the
     * domain's, towards its exit.
     */
    public void detachIdle(Member m) {
        synchronized (this) {
            if (m.interruptsInFlight > 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        detach(m);
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
        Wait woken = null;
        boolean parkedHere;
        try {
            synchronized (this) {
                Wait w = target.wait;
                parkedHere = w != null && w.kind == WaitKind.PARK;
                if (parkedHere) {
                    deferringUnparks = true; // woken under the lock, it would only block on it
                    try {
                        wakeLocked(w, WakeReason.UNPARKED);
                    } finally {
                        woken = takeDeferredUnparks();
                    }
                } else {
                    target.permit = true;
                }
            }
        } finally {
            unparkAll(woken); // whatever happened under the lock: a wait it ended must not stay parked
        }
        if (parkedHere) {
            return;
        }
        // Not parked here: it may be parked where no hook sees it, so the real permit is set too.
        LockSupport.unpark(target.thread);
    }

    /**
     * Called as another thread interrupts {@code target}, before the interrupt is delivered: the target is
     * runnable from this instant (section 3.1), and until {@link #interrupted} it cannot begin a durable wait.
     */
    public synchronized void interrupting(Member target) {
        target.interrupts++;
        target.interruptsInFlight++;
        Wait w = target.wait;
        if (w != null && !w.kind.isController()) {
            wakeLocked(w, WakeReason.INTERRUPTED);
        }
    }

    /** Called as {@code Thread.interrupt} of {@code target} returns: its interrupt flag is set now. */
    public synchronized void interrupted(Member target) {
        if (target.interruptsInFlight > 0) {
            target.interruptsInFlight--;
        }
    }

    /**
     * A member about to wait with an interrupt in flight to it (begun, its flag not yet set) would wake at
     * once: were it counted durably blocked meanwhile, the clock could move although it is about to run. It
     * waits the few instructions until the flag is set, outside the lock, then decides as the JDK would; an
     * interrupt that begins between this wait and the lock is waited for the same way. Bounded: an interrupt
     * that failed after its hook (a security check) is given up after a while.
     *
     * @return false if an interrupt was still in flight when the wait gave up
     */
    private static boolean awaitInterruptsDelivered(Member member) {
        long start = System.nanoTime();
        while (member.interruptsInFlight > 0 && System.nanoTime() - start < INTERRUPT_DELIVERY_NANOS) {
            Thread.onSpinWait();
            Thread.yield();
        }
        return member.interruptsInFlight == 0;
    }

    private static final long INTERRUPT_DELIVERY_NANOS = 50_000_000L;

    private WakeOutcome await(Member member, WaitKind kind, Object blocker, Deadline deadline) {
        boolean givenUp = false;
        while (true) {
            if (member.interruptsInFlight > 0) {
                givenUp = !awaitInterruptsDelivered(member);
            }
            WakeOutcome early;
            Wait w = null;
            Wait woken = null;
            try {
                synchronized (this) {
                    if (member.interruptsInFlight > 0 && !givenUp) {
                        continue; // an interrupt began since the member looked: wait for it too, outside the lock
                    }
                    deferringUnparks = true;
                    try {
                        early = beforeWaitLocked(member, kind, blocker);
                        if (early == null) {
                            long due = deadline.resolve(this);
                            if (due <= now) {
                                early = WakeOutcome.TIMEOUT; // a deadline already past: the JDK returns at once too
                            } else {
                                w = new Wait(member.thread, member, kind, blocker, due);
                                enterWaitLocked(member, w);
                                enqueueSafely(w);
                            }
                        }
                    } finally {
                        woken = takeDeferredUnparks();
                    }
                }
            } finally {
                unparkAll(woken); // also when enqueueing failed: the members it woke before that must run
            }
            return early != null ? early : awaitWake(w);
        }
    }

    /** What ends a wait before it begins, or null when it may begin. */
    private WakeOutcome beforeWaitLocked(Member member, WaitKind kind, Object blocker) {
        // A member leaves the ledger only as TERMINATED, or when the domain closes: no map lookup needed.
        if (closed || member.domain != this || member.state == Member.State.TERMINATED) {
            return WakeOutcome.CLOSED_BEFORE;
        }
        if (member.interruptsInFlight > 0) {
            member.interruptsInFlight = 0; // given up on: see awaitInterruptsDelivered
        }
        if (Thread.currentThread().isInterrupted()) {
            // Set after the hook looked, before this: the JDK's wait would return (or throw) at once.
            return kind == WaitKind.PARK ? WakeOutcome.UNPARKED : WakeOutcome.INTERRUPTED;
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
        return null;
    }

    /** Ends the collection of unparks begun by a hot path; the caller unparks them once it has let go of the lock. */
    private Wait takeDeferredUnparks() {
        Wait woken = deferredUnparks;
        deferredUnparks = null;
        lastDeferredUnpark = null;
        deferringUnparks = false;
        unparkedFirst = false;
        return woken;
    }

    /** Unparks the threads of a chain of woken waits, in the order they were woken. */
    private static void unparkAll(Wait woken) {
        for (Wait w = woken; w != null; w = w.nextToUnpark) {
            LockSupport.unpark(w.thread);
        }
    }

    private void enterWaitLocked(Member member, Wait w) {
        member.state = Member.State.WAITING;
        member.wait = w;
        runnable--;
        if (member.borrowed && member.pool != null) {
            member.pool.waitingWorkers++;
        }
    }

    // ---------------------------------------------------------------- Object.wait (section 2)

    /**
     * Begins a member's {@code Object.wait} on {@code monitor}, which the caller holds; {@code nanos < 0} means no
     * deadline. Returns the wait to hand to {@link #endMonitorWait}, already ended when it cannot begin (the
     * root has a failure to report, or the deadline has passed), or null when the domain is closing (the
     * caller then waits in real time).
     */
    public Wait beginMonitorWait(Member member, Object monitor, long nanos) {
        boolean givenUp = false;
        while (true) {
            if (member.interruptsInFlight > 0) {
                givenUp = !awaitInterruptsDelivered(member);
            }
            synchronized (this) {
                if (closed || members.get(member.thread) != member) {
                    return null;
                }
                if (member.interruptsInFlight > 0) {
                    if (!givenUp) {
                        continue; // an interrupt began since the member looked: wait for it too, outside the lock
                    }
                    member.interruptsInFlight = 0;
                }
                Wait w;
                if (member.root && pending != null) {
                    w = new Wait(member.thread, member, WaitKind.MONITOR, monitor, Wait.NO_DEADLINE);
                    w.failure = pending;
                    w.reason = WakeReason.FAILED;
                    return w;
                }
                long due = Relative.of(nanos).resolve(this);
                w = new Wait(member.thread, member, WaitKind.MONITOR, monitor, due);
                if (due <= now) {
                    w.reason = WakeReason.TIMEOUT;
                    return w;
                }
                if (Thread.currentThread().isInterrupted()) {
                    w.reason = WakeReason.INTERRUPTED; // the hook takes the flag and throws
                    return w;
                }
                w.interruptsAtStart = member.interrupts;
                w.waiters = MonitorWaiters.add(monitor, w);
                enterWaitLocked(member, w);
                enqueueSafely(w);
                return w;
            }
        }
    }

    /** Whether {@code w} has been ended by the domain (notified, interrupted, timed out, failed, closed). */
    public static boolean isEnded(Wait w) {
        return w.reason != null;
    }

    /**
     * Whether a real wake-up of {@code w}'s thread that the domain did not cause should end the wait: only if no
     * notify chose another waiter of the monitor since the wait began (a notify is a real {@code notifyAll}, so
     * the waiters it did not choose wake too and must wait again).
     */
    public static boolean wokeOnItsOwn(Wait w, long notifiesAtStart) {
        return w.waiters == null || w.waiters.notifies == notifiesAtStart;
    }

    public static long notifiesSoFar(Wait w) {
        return w.waiters == null ? 0 : w.waiters.notifies;
    }

    /**
     * Ends a member's {@code Object.wait}; the caller holds the monitor again. A wake-up the domain did not
     * cause counts as a notify (spurious wake-ups are allowed, and a notify from code timescope does not
     * rewrite looks the same). Takes back the interrupt the dispatcher used to end a real wait, keeping a real
     * one that came after.
     */
    public WakeOutcome endMonitorWait(Wait w, boolean interrupted) {
        if (w.waiters != null) {
            MonitorWaiters.remove(w.blocker, w.waiters, w);
        }
        synchronized (this) {
            if (w.reason == null) {
                wakeLocked(w, interrupted ? WakeReason.INTERRUPTED : WakeReason.NOTIFIED);
            }
        }
        takeBackPoke(w);
        WakeReason reason = w.reason;
        if (reason == WakeReason.INTERRUPTED && !interrupted) {
            // Ended by the interrupt hook, which runs before the flag is set: take that flag, as the wait would.
            InterruptFlag.awaitVisible();
            Thread.interrupted();
        }
        if (reason == WakeReason.INTERRUPTED) {
            return WakeOutcome.of(reason);
        }
        return outcomeOf(w, reason);
    }

    private static void takeBackPoke(Wait w) {
        int p = w.poke;
        if (p == Wait.POKE_NONE || p == Wait.POKE_REQUESTED && Wait.POKE.compareAndSet(w, p, Wait.POKE_WITHDRAWN)) {
            return;
        }
        while (w.poke != Wait.POKE_DELIVERED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        Member m = w.member;
        boolean realInterrupt;
        synchronized (m.domain) {
            realInterrupt = m.interrupts != w.interruptsAtStart;
        }
        if (realInterrupt) {
            Thread.currentThread().interrupt(); // a self-interrupt: the hook ignores it
        }
    }

    /** On the dispatcher: interrupts a member out of its real {@code Object.wait} the domain has ended. */
    private static void deliverPoke(Wait w) {
        if (Wait.POKE.compareAndSet(w, Wait.POKE_REQUESTED, Wait.POKE_DELIVERING)) {
            try {
                w.thread.interrupt();
            } finally {
                w.poke = Wait.POKE_DELIVERED;
            }
        }
    }

    /**
     * A task's future completed outside a run of it (it was cancelled): if no thread runs it now, it stops
     * counting and its timer is cancelled.
     */
    public void completedOutsideRun(Work w) {
        synchronized (this) {
            if (!w.retired && w.running == 0) {
                dropLocked(w);
                afterLedgerChange();
            }
        }
    }

    /** A task left its pool's queue without running (removed, drained by {@code shutdownNow}, rejected). */
    public void removedFromQueue(Work w) {
        synchronized (this) {
            if (w.retired) {
                return;
            }
            if (w.timer != null || w.period != 0 || w.queued <= 1) {
                dropLocked(w);
            } else {
                unqueueLocked(w, 1);
                changed();
            }
            afterLedgerChange();
        }
    }

    /**
     * What a scheduled task's {@code getDelay} subtracts from its trigger time, so that a member of this domain
     * reads the virtual delay left, and every other thread (its pool's, while it waits for due tasks) reads the
     * task as far away until the domain releases it: {@code trigger - remaining} for members, the real clock
     * for others; the trigger itself (no delay left) once it is due.
     */
    public long delayBase(Work w, long trigger, long realNow, boolean forMember) {
        synchronized (this) {
            if (w.retired) {
                return realNow;
            }
            if (w.timer == null) {
                return trigger;
            }
            return forMember ? trigger - Math.max(0, w.timer.deadline - clockLocked()) : realNow;
        }
    }

    /** The virtual delay left before a scheduled task is due; zero once it is. */
    public long remainingNanos(Work w) {
        synchronized (this) {
            return w.timer == null ? 0 : Math.max(0, w.timer.deadline - clockLocked());
        }
    }

    /** The domain's wall clock, in epoch milliseconds, at a scheduled task's latest firing. */
    public long dueAtEpochMillis(Work w) {
        long n;
        synchronized (this) {
            n = w.dueAt;
        }
        long seconds = startEpochSecond + n / NANOS_PER_SECOND;
        long nanos = startNano + n % NANOS_PER_SECOND;
        return seconds * 1000 + nanos / 1_000_000;
    }

    /** Virtual nanoseconds from now until the domain's wall clock reads {@code epochMillis}. */
    public long nanosUntilEpochMillis(long epochMillis) {
        synchronized (this) {
            return elapsedAtEpochMillis(epochMillis) - clockLocked();
        }
    }

    /** A notify chose {@code w}: it is runnable from this instant, unless its wait already ended. */
    boolean notifyWaiter(Wait w) {
        synchronized (this) {
            if (w.reason != null) {
                return false;
            }
            wakeLocked(w, WakeReason.NOTIFIED);
            return true;
        }
    }

    // ---------------------------------------------------------------- spinning (section 3.4)

    /**
     * A member spins ({@code Thread.yield}, {@code Thread.onSpinWait}). When it is the only thing that holds the
     * clock, it counts as durably blocked: the clock moves to the next deadline, or by one tick when none is
     * pending, so that a spin on the clock ends. Ticks count toward the runaway limit. Returns the failure the
     * root must throw, or null.
     */
    public WakeOutcome spinning(Member m) {
        synchronized (this) {
            if (closed || m.state != Member.State.RUNNING || members.get(m.thread) != m) {
                return null;
            }
            if (m.root && pending != null) {
                return deliverToRoot(pending);
            }
            if (pending != null || runnable - excused != 1 || queuedHolding() != 0) {
                return null;
            }
            Timer next = timers.peek();
            if (next != null) {
                if (mayFire(next)) {
                    fireInstant(next.deadline);
                    changed();
                }
                return null;
            }
            if (options.autoAdvance && options.spinTickNanos > 0) {
                long from = clockLocked();
                long to = saturatedAdd(from, options.spinTickNanos);
                now = to;
                line.jump(to);
                changed();
                ClockRecorder.advanced(this, from, to, 0, true);
                countFiring(m.rearms, m.thread);
            }
            return null;
        }
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
            if (kind == WaitKind.ADVANCE && deadline < clockLocked()) {
                if (line.runsByItself()) {
                    return; // a clock that runs by itself passed the target while it was computed: nothing to do
                }
                throw new IllegalArgumentException("cannot advance to " + describe(deadline) + ": the clock is already at "
                        + describe(now) + " and virtual time never goes backwards");
            }
            if (member != null && member.root && pending != null) {
                throw failureOf(deliverToRoot(pending));
            }
            w = new Wait(thread, member, kind, null, deadline);
            if (member != null) {
                enterWaitLocked(member, w);
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
                    long realNanos = global && w.hasDeadline() ? line.realNanosUntil(w.deadline) : -1;
                    if (realNanos < 0) {
                        LockSupport.park(parkBlocker);
                    } else if (realNanos > 0) {
                        LockSupport.parkNanos(parkBlocker, realNanos);
                    }
                    reason = w.reason;
                    if (reason == null && realNanos >= 0 && line.read() >= w.deadline) {
                        // A global clock at a rate has reached the deadline: fire it now, not at the watchdog's poll.
                        checkRunningTimers();
                        reason = w.reason;
                        if (reason == null && realNanos == 0) {
                            LockSupport.parkNanos(parkBlocker, 1_000_000L); // never a spin, whatever holds it up
                            reason = w.reason;
                        }
                    }
                }
                // A sleep woken by something other than the clock, and not interrupted, has nothing to decide: back
                // to park, without the lock.
                if (reason == null && (w.kind != WaitKind.SLEEP || Thread.currentThread().isInterrupted())) {
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
        boolean poke = w.kind == WaitKind.MONITOR && w.thread != Thread.currentThread()
                && (reason == WakeReason.TIMEOUT || reason == WakeReason.FAILED || reason == WakeReason.CLOSED);
        if (poke) {
            w.poke = Wait.POKE_REQUESTED; // before the reason: a waiter that sees the reason sees this too
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
            if (m.borrowed && m.pool != null) {
                m.pool.waitingWorkers--;
            }
            if (m.root) {
                resetEpisode();
            }
        }
        changed();
        if (poke) {
            Dispatcher.submit(() -> deliverPoke(w));
        } else if (w.thread != Thread.currentThread() && w.kind != WaitKind.MONITOR) {
            // Never unpark oneself (the last member to block may fire its own timer, a park may end itself
            // as spurious): the stale permit would end the thread's next park at once, and again, in a loop.
            // A monitor waiter is woken by the notifier's real notifyAll or by a poke, never by a permit.
            if (deferringUnparks && !unparkedFirst && Threads.isVirtual(w.thread)) {
                unparkedFirst = true;
                LockSupport.unpark(w.thread);
            } else if (deferringUnparks) {
                if (lastDeferredUnpark == null) {
                    deferredUnparks = w;
                } else {
                    lastDeferredUnpark.nextToUnpark = w;
                }
                lastDeferredUnpark = w;
            } else {
                LockSupport.unpark(w.thread);
            }
        }
    }

    private void changed() {
        epoch++;
        excused = 0;
        stuckSince = -1;
        graceSince = -1;
        line.ledgerChanged(runnable - excused > 0 || queued > 0 || releasing > 0);
        clockLocked();
    }

    /**
     * Work in flight that holds the clock: the hand-offs under way, and the queued work, less work that can no
     * longer run (its task was cancelled or completed by other means) and work queued behind a pool whose threads
     * are all durably blocked here.
     */
    private int queuedHolding() {
        if (releasing > 0) {
            return releasing;
        }
        if (queued == 0) {
            return 0;
        }
        retireDoneWorkLocked();
        int blocked = 0;
        for (PoolLoad load : pools.values()) {
            blocked += load.blockedQueued();
        }
        return queued - blocked;
    }

    /** Drops queued work whose task can no longer run (cancelled, or completed by other means); true if any. */
    private boolean retireDoneWorkLocked() {
        boolean any = false;
        for (Iterator<Work> it = queuedWorks.iterator(); it.hasNext(); ) {
            Work w = it.next();
            if (w.queued > 0 && w.running == 0 && isDoneSafely(w)) {
                if (w.timer != null) {
                    timers.cancel(w.timer);
                    w.timer = null;
                }
                it.remove(); // unqueued by hand: unqueueLocked would remove it behind the iterator's back
                int n = w.queued;
                w.queued = 0;
                w.pool.queued -= n;
                queued -= n;
                w.retired = true;
                works.remove(w);
                Works.remove(w);
                releasePoolLocked(w.pool);
                epoch++;
                any = true;
            }
        }
        return any;
    }

    /**
     * The watchdog's sweep: work whose task was completed where no hook saw it (a pool that completed it by
     * other means) stops counting, and the domain checks whether that left it quiescent.
     */
    synchronized void sweepDoneWork() {
        if (!closed && queued > 0 && retireDoneWorkLocked()) {
            changed();
            afterLedgerChange();
        }
    }

    private static boolean isDoneSafely(Work w) {
        try {
            return w.control.isDone(w.task);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Whoever changed the ledger checks whether the domain is now quiescent. */
    private void afterLedgerChange() {
        if (!exits.isEmpty()) {
            drainExitsLocked();
        }
        while (!closed && runnable - excused == 0 && queuedHolding() == 0) {
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
                if (!(global && line.runsByItself())) {
                    markStuck(); // a running global clock reaches the deadline by itself (section 3.3)
                }
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
        if (controllers.isEmpty()) {
            return false;
        }
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
        long from = clockLocked();
        if (instant > now) {
            now = instant;
            line.jump(instant);
        }
        Timer t;
        int fired = 0;
        while ((t = timers.pollDueAt(instant)) != null) {
            t.fire(this);
            fired++;
            if (t.countsAsPending() && countFiring(t.rearms(), t.owner())) {
                break;
            }
        }
        ClockRecorder.advanced(this, from, now, fired, false);
    }

    /**
     * Counts a firing against the source that re-armed it. A runaway (section 4) is one source firing more than
     * the limit within one wait of the root or one advance: a big but finite workload of many members, each
     * firing its own few timers, is none.
     */
    private boolean countFiring(Rearms rearms, Object owner) {
        episodeFired++;
        if (rearms == null) {
            return false;
        }
        long fired = rearms.fire(episode);
        if (fired > busiestFired) {
            busiestFired = fired;
            busiestOwner = owner;
        }
        if (global && controllers.isEmpty()) {
            return false; // section 6: a runaway is counted only while a thread drives the global clock
        }
        if (fired > options.runawayLimit && pending == null) {
            runaway();
            return true;
        }
        return false;
    }

    /** Captures what the runaway report needs now; the receiver formats it (with the busiest thread's stack). */
    private void runaway() {
        long fired = episodeFired;
        long from = episodeStart;
        long reached = now;
        long target = targetOfEpisode();
        Object busiest = busiestOwner instanceof Work ? new WorkView((Work) busiestOwner, false) : busiestOwner;
        long busiestCount = busiestFired;
        fail(new Failure(Failure.Kind.RUNAWAY,
                () -> Reports.runaway(this, fired, from, reached, target, busiest, busiestCount)));
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
        episode++;
        episodeStart = now;
        episodeFired = 0;
        busiestOwner = null;
        busiestFired = 0;
    }

    private void markStuck() {
        if (stuckSince < 0) {
            stuckSince = System.nanoTime();
            stuckEpoch = epoch;
        }
    }

    /**
     * Records the failure and wakes the root and every controller so that they report it. The global clock
     * (section 6) fails only the threads driving it: its other threads go on, and so does its clock.
     */
    private void fail(Failure failure) {
        if (global && controllers.isEmpty()) {
            return; // section 6: no thread waits for a failure; the watchdog warns of a deadlock instead
        }
        pending = failure;
        if (global) {
            for (Wait c : new ArrayList<>(controllers)) {
                wakeLocked(c, WakeReason.FAILED); // each takes the failure with it
            }
            pending = null; // the clock and every other thread go on
            return;
        }
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
        List<WorkView> workViews;
        synchronized (this) {
            if (closed || stuckSince < 0 || stuckEpoch != epoch || realNow - stuckSince < options.deadlockGraceNanos) {
                return;
            }
            seenEpoch = epoch;
            Timer next = timers.peek();
            nextDeadline = next == null ? Wait.NO_DEADLINE : next.deadline;
            frozen = pending != null;
            workViews = workViewsLocked();
        }
        String report = Reports.deadlock(this, views(), memberCount(), workViews, nextDeadline, frozen); // unlocked
        Failure failure = new Failure(Failure.Kind.DEADLOCK, () -> report);
        boolean told;
        synchronized (this) {
            if (closed || epoch != seenEpoch || stuckSince < 0) {
                return; // something moved while the report was written: not a deadlock after all
            }
            stuckSince = -1;
            told = root.wait != null || !controllers.isEmpty(); // before fail() ends their waits
            ClockRecorder.deadlocked(this, report); // before the root is told, while the threads stand as reported
            if (global) {
                // The threads driving the clock throw it; with none, no thread waiting means the application is
                // done and there is nothing to warn of.
                told = !controllers.isEmpty() || !anyMemberWaitingLocked();
            }
            fail(failure);
        }
        if (global) {
            if (!told) { // section 6: a warning, once per standstill; no thread is failed
                print(Level.WARNING, report + "The JVM goes on waiting, as it would without timescope (global mode).");
            }
            return;
        }
        if (!told) {
            // The root is BLOCKED entering a monitor (excused) and cannot be woken, and may never wait again: print
            // the report now. Should the root wait or close later, it throws a pointer to it, not a second copy.
            synchronized (printing) {
                if (!isClosed()) {
                    failure.printUnlessThrown();
                }
            }
        }
    }

    /**
     * Prints a report no thread throws (a stall warning), at {@code level}, unless the domain has closed: what
     * close() has not waited for is never printed, so a report cannot appear under a later test.
     */
    void print(Level level, String report) {
        synchronized (printing) {
            if (!isClosed()) {
                System.getLogger("dev.timescope").log(level, report);
            }
        }
    }

    /**
     * The watchdog's net (sections 3.1 and 4): the epoch of a quiescent domain whose clock nobody moved, or -1.
     * Every ledger change checks for quiescence under this lock and leaves the domain moving, stuck (a deadlock
     * in the making), in its advance grace, or frozen by a failure. A quiescent domain that is none of these has
     * missed that check, and would hang with nothing to say: nothing holds the clock, so no stall, and nothing
     * is stuck, so no deadlock.
     */
    synchronized long unmovedQuiescence() {
        if (closed || queuedHoldingChecked() != 0) {
            return -1;
        }
        if (closed || pending != null || stuckSince >= 0 || graceSince >= 0 || runnable - excused != 0) {
            return -1;
        }
        return epoch;
    }

    /**
     * {@link #queuedHolding()} outside a ledger change: work it finds done and retires is a ledger change of its
     * own, which may leave the domain quiescent, so the check follows.
     */
    private int queuedHoldingChecked() {
        long before = epoch;
        int holding = queuedHolding();
        if (epoch != before) {
            changed();
            afterLedgerChange();
            holding = queuedHolding();
        }
        return holding;
    }

    /** Runs the missed check of a domain the watchdog found quiescent and unmoved at {@code seenEpoch}, twice. */
    synchronized boolean moveUnmoved(long seenEpoch) {
        if (unmovedQuiescence() != seenEpoch) {
            return false;
        }
        afterLedgerChange();
        return true;
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

    /**
     * A clock that runs by itself (busy members, section 3.5; the global clock at a rate, sections 3.3 and 6): timers
     * whose deadline it has reached fire now. With busy members they wait for auto-advance or a controller as any
     * timer does; the global clock's fire when it reaches them, as real timers do.
     */
    synchronized void checkRunningTimers() {
        if (!line.runsByItself() || closed || pending != null) {
            return;
        }
        long at = clockLocked();
        Timer next;
        boolean fired = false;
        while ((next = timers.peek()) != null && next.deadline <= at && (global || mayFire(next))) {
            fireInstant(next.deadline);
            changed();
            fired = true;
        }
        if (fired) {
            afterLedgerChange(); // what fired may have woken nobody (a controller's target reached): check quiescence
        }
    }

    /** Whether this domain has the busy-members option. */
    boolean isBusyClock() {
        return options.realTimeWhileBusy;
    }

    private boolean anyMemberWaitingLocked() {
        for (Member m : members.values()) {
            if (m.state == Member.State.WAITING) {
                return true;
            }
        }
        return false;
    }

    /** Whether this is the global domain (section 6). */
    public boolean isGlobal() {
        return global;
    }

    /** Whether this is the global domain with a clock that runs at a rate of real time by itself (section 6). */
    boolean isGlobalAtRate() {
        return global && line.runsByItself();
    }

    /** Whether a thread drives the clock now: advances it, or runs it until idle (section 3.2). */
    synchronized boolean isDriven() {
        return !controllers.isEmpty();
    }

    /**
     * What holds the clock, with the epoch the snapshot belongs to; null if nothing does. While the ledger moves
     * (its epoch differs from {@code lastSeenEpoch}) only the epoch is taken: nothing is worth looking at in a
     * domain that is making progress, and a domain of 10,000 members must not be walked every poll.
     */
    synchronized Snapshot runningMembers(long lastSeenEpoch) {
        if (drainExitsLocked()) {
            afterLedgerChange();
        }
        sweepDoneWork();
        if (closed) {
            return null;
        }
        if (runnable - excused <= 0 && queuedHoldingChecked() <= 0) {
            return null;
        }
        // The global clock's root is the application's main thread, not a test waiting for it (section 6).
        boolean someoneWaits = !global && root.wait != null || !controllers.isEmpty();
        if (epoch != lastSeenEpoch) {
            return new Snapshot(epoch, List.of(), List.of(), someoneWaits);
        }
        List<Member> running = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.state == Member.State.RUNNING) {
                running.add(m);
            }
        }
        List<WorkView> queuedWork = new ArrayList<>();
        for (Work w : queuedWorks) {
            if (w.queued > 0 && w.pool.blockedQueued() == 0) {
                queuedWork.add(new WorkView(w, false));
            }
        }
        return new Snapshot(epoch, running, queuedWork, someoneWaits);
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

    // ---------------------------------------------------------------- closing (section 4, "Leak")

    /**
     * Closes the domain; only the root may. A failure not yet reported is thrown. What the domain still owns
     * (threads it constructed that are alive, work in flight, pending timers of scheduled tasks) is reported per
     * the leak policy; then the threads are interrupted and the tasks cancelled, so nothing of the domain goes
     * on running on a stale clock. Idle pool workers belong to no domain and are never a leak.
     */
    public void close() {
        if (global) {
            throw new IllegalStateException(GlobalClock.cannotClose()); // section 6
        }
        Thread caller = Thread.currentThread();
        synchronized (this) {
            if (closed) {
                return;
            }
            if (caller != root.thread) {
                throw new IllegalStateException("virtual clock " + name + " must be closed by the thread that started it, \""
                        + root.thread.getName() + "\", not by \"" + caller.getName() + "\"");
            }
        }
        awaitFinishing();
        List<MemberView> leakedThreads = new ArrayList<>();
        List<Member> toInterrupt = new ArrayList<>();
        List<Work> leftWork = new ArrayList<>();
        Map<Work, WorkView> views = new IdentityHashMap<>();
        Map<Work, Long> remaining = new IdentityHashMap<>();
        Failure unreported;
        synchronized (this) {
            drainExitsLocked();
            for (Member m : members.values()) {
                if (m.root) {
                    continue;
                }
                if (m.borrowed) {
                    if (m.work != null && m.work.running > 0) {
                        toInterrupt.add(m); // a pool worker still inside a task of the domain
                    }
                } else if (m.state != Member.State.NEW && m.state != Member.State.TERMINATED) {
                    leakedThreads.add(new MemberView(m));
                    toInterrupt.add(m);
                }
            }
            for (Work w : works) {
                if (w.running == 0 && isDoneSafely(w)) {
                    continue; // cancelled, or completed by other means, where no hook saw it: it can never run
                }
                leftWork.add(w);
                views.put(w, new WorkView(w, false));
                remaining.put(w, w.timer == null ? 0L : Math.max(0, w.timer.deadline - clockLocked()));
            }
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
            for (Work w : works) {
                w.retired = true;
                Works.remove(w);
            }
            works.clear();
            queuedWorks.clear();
            pools.clear();
            members.clear();
            joiners.clear();
            timers.clear();
            queued = 0;
            runnable = 0;
        }
        Watchdog.unregister(this);
        Domains.closed();
        ClockRecorder.closed(this);
        synchronized (printing) {
            // a report the watchdog is printing now belongs to this domain's test: it finishes before close() returns
        }
        // Outside every lock, and the root no member any more: pools' own locks are taken for real.
        List<WorkView> leakedWork = new ArrayList<>();
        for (Work w : leftWork) {
            boolean background = false;
            try {
                background = w.period != 0 && w.timer != null && w.control.handBack(w, remaining.get(w));
                if (!background) {
                    w.control.cancel(w);
                }
            } catch (RuntimeException | LinkageError e) {
                // a pool that refuses a cancel has already let go of the task
            }
            if (!background) {
                leakedWork.add(views.get(w));
            }
        }
        String leakReport = leakedThreads.isEmpty() && leakedWork.isEmpty() ? null
                : Reports.leak(this, leakedThreads, leakedWork);
        for (Member m : toInterrupt) {
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
     * What is running may be finishing (a pool task completing, a thread leaving after {@code shutdown()}):
     * it gets a short real-time grace. What is blocked in a virtual wait, or only scheduled, will not finish
     * without the clock, which stops here. Polls with a real sleep: a join would go through the rewritten JDK.
     */
    private void awaitFinishing() {
        long deadline = System.nanoTime() + FINISH_GRACE_NANOS;
        while (isStillFinishing() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized boolean isStillFinishing() {
        if (drainExitsLocked()) {
            afterLedgerChange();
        }
        if (queuedHolding() > 0) {
            return true;
        }
        for (Member m : members.values()) {
            if (m.root || m.state != Member.State.RUNNING) {
                continue;
            }
            if (!m.borrowed || m.work != null && m.work.running > 0) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- reports

    /** The first {@link Reports#MEMBERS_LISTED} members, as a report shows them. */
    synchronized List<MemberView> views() {
        List<MemberView> views = new ArrayList<>();
        for (Member m : members.values()) {
            if (views.size() == Reports.MEMBERS_LISTED) {
                break;
            }
            views.add(new MemberView(m));
        }
        return views;
    }

    /** The first {@link Reports#MEMBERS_LISTED} of {@code running} that are still members, as a report shows them. */
    synchronized List<MemberView> views(List<Member> running) {
        List<MemberView> views = new ArrayList<>();
        for (Member m : running) {
            if (views.size() == Reports.MEMBERS_LISTED) {
                break;
            }
            if (members.get(m.thread) == m) {
                views.add(new MemberView(m));
            }
        }
        return views;
    }

    synchronized int memberCount() {
        return members.size();
    }

    /** The member thread with this id, or null. */
    synchronized Thread memberThread(long threadId) {
        for (Thread t : members.keySet()) {
            if (t.getId() == threadId) {
                return t;
            }
        }
        return null;
    }

    private List<WorkView> workViewsLocked() {
        List<WorkView> views = new ArrayList<>();
        for (Work w : works) {
            views.add(new WorkView(w, w.queued > 0 && w.pool.blockedQueued() > 0));
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
        return "Domain[" + name + ", at " + describe(elapsedNanos()) + "]";
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Wait.NO_DEADLINE - 1 : 0;
        }
        return Math.min(r, Wait.NO_DEADLINE - 1);
    }

    // ---------------------------------------------------------------- deadlines

    /**
     * A wait's deadline, or none where it lies at or past the clock's last instant, some 292 years on (section 2): the
     * clock can never reach it, and a caller that adds its timeout to {@code System.nanoTime()} (a condition's
     * {@code awaitNanos(Long.MAX_VALUE)}, {@code awaitTermination(Long.MAX_VALUE, DAYS)}) would only find, with the
     * clock stopped there, its deadline one step away for ever. Such a wait ends as an untimed one does. A clock
     * already at its last instant (moved there by hand) keeps the deadline, which has come.
     */
    private static long withinRange(long now, long due) {
        return due >= Wait.NO_DEADLINE - 1 && now < Wait.NO_DEADLINE - 1 ? Wait.NO_DEADLINE : due;
    }

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
            long now = domain.clockLocked();
            return withinRange(now, saturatedAdd(now, nanos));
        }
    }

    private static final class AtEpochMillis implements Deadline {
        private final long epochMillis;

        AtEpochMillis(long epochMillis) {
            this.epochMillis = epochMillis;
        }

        @Override
        public long resolve(Domain domain) {
            long at = domain.clockLocked();
            long due = domain.elapsedAtEpochMillis(epochMillis);
            return due <= at ? at : withinRange(at, Math.min(due, Wait.NO_DEADLINE - 1));
        }
    }

    /** A consistent view for the watchdog. */
    static final class Snapshot {
        final long epoch;
        final List<Member> running;
        final List<WorkView> queuedWork;
        /** Whether the root or a controller is waiting for the clock these members hold. */
        final boolean someoneWaits;

        Snapshot(long epoch, List<Member> running, List<WorkView> queuedWork, boolean someoneWaits) {
            this.epoch = epoch;
            this.running = running;
            this.queuedWork = queuedWork;
            this.someoneWaits = someoneWaits;
        }
    }
}
