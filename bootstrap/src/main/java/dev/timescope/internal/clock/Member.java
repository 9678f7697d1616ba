package dev.timescope.internal.clock;

import dev.timescope.VirtualTimeError;

/**
 * One thread's membership of a domain (contract, section 1) and its line in the domain's ledger.
 *
 * <p>Mutable fields are guarded by {@link #domain}. A member counts as runnable while it is
 * {@link State#RUNNING}: from {@code Thread.start} until it enters an intercepted wait, and again from
 * the instant another thread unparks, notifies, interrupts or times it out.
 *
 * <p>A <em>borrowed</em> member is a pool worker that belongs to the domain only while it runs a task the
 * domain handed to its pool (section 1): it is attached when the task starts and detached once the worker
 * waits for its next task, exits, or runs a task of another domain.
 */
public final class Member {

    enum State { NEW, RUNNING, WAITING, TERMINATED }

    final Domain domain;
    final Thread thread;
    final boolean root;
    /** A pool worker attached for the work it runs; never reported as a leaked thread. */
    final boolean borrowed;
    /** The member that constructed this thread; null for the root and for borrowed members. */
    final Member creator;
    /** A few frames of where the thread was constructed, for leak reports. */
    final StackTraceElement[] creationSite;

    State state;
    /** The wait in progress while {@link State#WAITING}, else null. */
    Wait wait;
    /** The virtual {@code LockSupport} permit: an unpark that came while the member was not parked. */
    boolean permit;
    /** Its timers' firings, for the runaway guard (section 4): a thread that keeps waiting re-arms. */
    final Rearms rearms = new Rearms();
    /** Real nanoTime since which the watchdog has seen its thread NEW although start() began; -1 if not. */
    long unstartedSince = -1;
    /** Interrupts other threads sent it (timescope's own wake-ups excluded), for {@code Object.wait}. */
    long interrupts;
    /**
     * Interrupts begun ({@code Thread.interrupt} entered) but not yet delivered (the flag is set when it
     * returns). Written under the domain's lock, read by the member's own thread while it waits for them.
     */
    volatile int interruptsInFlight;

    // Membership cache (see MemberSlot): written without the domain's lock.
    /** The slot of its thread that holds it, once its thread has looked itself up. */
    volatile MemberSlot slot;
    /** Set once it is no longer registered; a member is never registered again. */
    volatile boolean unregistered;
    /** Its thread's bucket in {@link Domains}' count of member ids, fixed when it is registered. */
    int idBucket; // written before it enters the registry map, read after it left it

    // Borrowed members only.
    /** The pool whose load this worker counts in while it waits (see {@link PoolLoad}). */
    PoolLoad pool;
    /** The work it runs now, or ran last while it stays attached; null if none. */
    Work work;

    // Written by the member's own thread only (its hooks read them without the lock).
    /** Tasks of this domain the thread is inside (nested: a worker that helps while it joins). */
    int taskDepth;
    /** Greater than zero inside a real-time section: its hooks do what the JDK does, and it holds the clock. */
    int realTimeDepth;
    /** A thread that constructs a pool's worker thread (the pool is calling its factory): that thread is no member. */
    int constructingPoolWorker;
    /** A failure of its domain that ended a park inside a condition's await, to be thrown as the await returns. */
    private VirtualTimeError failureAfterAwait;
    /** The node of the condition wait it last blocked in (a {@code ConditionNode}), or null. */
    private Object conditionNode;
    /** The node of a synchronizer's queue it waited in when a park returned interrupted (the acquire keeps that). */
    private Object interruptedQueueNode;
    /** The node of a synchronizer's queue it last parked in, and {@link #interrupts} as it first parked there. */
    private Object parkedQueueNode;
    private long interruptsAtFirstPark;
    /**
     * A failure that ended the wait of a condition's await for its lock where the JDK's await catches it and tries
     * again (JDK 24 and later, updates of 21): thrown at the park that comes before the next try, which leaves
     * {@link #lockTakenBack}'s queue first.
     */
    private VirtualTimeError failureTakingLockBack;
    private Object lockTakenBack;

    Member(Domain domain, Thread thread, boolean root, Member creator, StackTraceElement[] creationSite) {
        this(domain, thread, root, false, creator, creationSite);
    }

    private Member(Domain domain, Thread thread, boolean root, boolean borrowed, Member creator,
                   StackTraceElement[] creationSite) {
        this.domain = domain;
        this.thread = thread;
        this.root = root;
        this.borrowed = borrowed;
        this.creator = creator;
        this.creationSite = creationSite;
        this.state = root || borrowed ? State.RUNNING : State.NEW;
    }

    static Member borrowed(Domain domain, Thread worker) {
        return new Member(domain, worker, false, true, null, null);
    }

    public Domain domain() {
        return domain;
    }

    public Thread thread() {
        return thread;
    }

    public boolean isRoot() {
        return root;
    }

    public boolean isBorrowed() {
        return borrowed;
    }

    /** Tasks of its domain the calling (own) thread is running, nested ones included. */
    public int taskDepth() {
        return taskDepth;
    }

    /** Called by the member's own thread only: {@code failure} is thrown as the condition's await it is in returns. */
    public void deferToAwait(VirtualTimeError failure) {
        failureAfterAwait = failure;
    }

    /** Called by the member's own thread only, as it blocks in a condition's wait. */
    public void blockingIn(Object conditionNode) {
        this.conditionNode = conditionNode;
    }

    /** Called by the member's own thread only: the node of the condition wait it last blocked in, or null. */
    public Object conditionNode() {
        return conditionNode;
    }

    /** Called by the member's own thread only: a park in the wait of {@code node} returned with the interrupt set. */
    public void interruptedInQueue(Object node) {
        interruptedQueueNode = node;
    }

    /** Called by the member's own thread only: the node of a synchronizer's queue it last parked in, or null. */
    public Object parkedQueueNode() {
        return parkedQueueNode;
    }

    /**
     * Called by the member's own thread only, as it parks in the wait of {@code node}: the first park there notes how
     * many interrupts the member had received.
     */
    public void parkingInQueue(Object node) {
        if (node != parkedQueueNode) {
            parkedQueueNode = node;
            interruptsAtFirstPark = interrupts; // written under the domain's lock, which each park has passed through
        }
    }

    /**
     * Called by the member's own thread only: whether an interrupt reached the wait of {@code node}, seen as a park
     * returned with it, or counted since its first park (one that came between two parks, which the acquire took).
     */
    public boolean takeInterruptedInQueue(Object node) {
        boolean interrupted = node != null
                && (interruptedQueueNode == node || (parkedQueueNode == node && interrupts != interruptsAtFirstPark));
        interruptedQueueNode = null;
        return interrupted;
    }

    /** Called by the member's own thread only: {@code failure} ended its wait for {@code lock}, which an await retries. */
    public void failedTakingLockBack(VirtualTimeError failure, Object lock) {
        failureTakingLockBack = failure;
        lockTakenBack = lock;
    }

    /** Called by the member's own thread only: whether a failure waits for the await's next try to take its lock. */
    public boolean hasFailureTakingLockBack() {
        return failureTakingLockBack != null;
    }

    /** Called by the member's own thread only: the lock whose wait {@link #takeFailureTakingLockBack} ended. */
    public Object lockTakenBack() {
        return lockTakenBack;
    }

    /** Called by the member's own thread only: the failure that ended the await's wait for its lock, or null. */
    public VirtualTimeError takeFailureTakingLockBack() {
        VirtualTimeError failure = failureTakingLockBack;
        failureTakingLockBack = null;
        lockTakenBack = null;
        return failure;
    }

    /** Called by the member's own thread only: the failure deferred to the await now returning, or null. */
    public VirtualTimeError takeFailureAfterAwait() {
        VirtualTimeError failure = failureAfterAwait;
        failureAfterAwait = null;
        return failure;
    }

    /** Called by the member's own thread only, as it starts running a task of its domain. */
    public void enterTask() {
        taskDepth++;
    }

    /** Called by the member's own thread only, as a task of its domain ends. */
    public void leaveTask() {
        taskDepth--;
    }

    /** Called by the member's own thread only. */
    public void enterRealTime() {
        realTimeDepth++;
    }

    /** Called by the member's own thread only. */
    public void exitRealTime() {
        realTimeDepth--;
    }

    /** Called by the member's own thread only, around a pool's call of its thread factory. */
    public void constructingPoolWorker(boolean starting) {
        constructingPoolWorker += starting ? 1 : -1;
    }

    public boolean isConstructingPoolWorker() {
        return constructingPoolWorker > 0;
    }

    @Override
    public String toString() {
        return "\"" + thread.getName() + "\"" + (root ? " (root)" : borrowed ? " (pool worker)" : "");
    }
}
