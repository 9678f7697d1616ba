package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.WakeOutcome;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Thread life cycle as a domain sees it: construction decides membership (section 1), start makes a
 * member hold the clock, exit lets go of it and wakes joiners, and an interrupt counts as a wake-up
 * from the instant it begins (section 3.1). The agent calls the {@code on*} methods from inside
 * {@code java.lang.Thread} (and {@code VirtualThread}), and the {@code join} methods instead of
 * {@code Thread.join}.
 */
public final class ThreadHooks {

    private ThreadHooks() {
    }

    /** At the end of every {@code Thread} constructor, on the constructing thread. */
    public static void onCreated(Thread thread) {
        if (!Domains.anyOpen()) {
            return;
        }
        Member creator = Domains.current();
        if (creator == null || thread == creator.thread() || creator.isConstructingPoolWorker()
                || ServiceThreads.isService(thread)) {
            return; // a pool's own threads borrow membership per task instead (section 1)
        }
        try {
            creator.domain().adopt(thread, creator);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("Thread.<init>", e);
        }
    }

    /**
     * At the start of {@code Thread.start}, before the new thread runs. Some JDK service threads get their
     * name only after construction (the JDK 17 CompletableFuture delayer): they are let go here, and so are, in
     * global mode, shutdown hooks as the JVM starts them (section 6: they run on real time).
     */
    public static void onStart(Thread thread) {
        Member m = Domains.memberOf(thread);
        if (m != null) {
            try {
                if (ServiceThreads.isService(thread)
                        || m.domain().isGlobal() && ServiceThreads.isStartingShutdownHooks()) {
                    m.domain().disown(m);
                } else {
                    m.domain().started(m);
                }
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("Thread.start", e);
            }
        }
    }

    /** When a thread's run has ended ({@code Thread.exit}, or a virtual thread's termination). */
    public static void onExit(Thread thread) {
        Member m = Domains.memberOf(thread);
        if (m != null) {
            try {
                m.domain().exited(m);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("Thread.exit", e);
            }
        }
    }

    /**
     * As a virtual thread's run returns, while it is still mounted: its exit counts here, on the thread itself, as
     * a platform thread's does in {@code Thread.exit}. Where the JDK has already unmounted it by then (early JDK 21
     * builds), the current thread is its carrier, which must not wait for a domain's lock: the end of the run
     * ({@link #onExit}) tells the domain instead, without waiting. Before JDK 24 a virtual thread waiting for the
     * lock here pins its carrier, as any hook that takes it does; whoever holds the lock is pinned too, so it runs.
     */
    public static void onVirtualRunEnd(Thread thread) {
        if (thread == Thread.currentThread()) {
            onExit(thread);
        }
    }

    /** At the start of {@code Thread.interrupt}, before the interrupt is delivered. */
    public static void onInterrupt(Thread thread) {
        Member m = Domains.memberOf(thread);
        if (m != null && thread != Thread.currentThread() && !Domains.isDispatcher(Thread.currentThread())) {
            try {
                m.domain().interrupting(m);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("Thread.interrupt", e);
            }
        }
    }

    /** As {@code Thread.interrupt} returns: the interrupt flag is set, the interrupt is delivered. */
    public static void onInterrupted(Thread thread) {
        Member m = Domains.memberOf(thread);
        if (m != null && thread != Thread.currentThread() && !Domains.isDispatcher(Thread.currentThread())) {
            try {
                m.domain().interrupted(m);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("Thread.interrupt", e);
            }
        }
    }

    public static void join(Thread thread) throws InterruptedException {
        Member self = sameDomainJoiner(thread);
        if (self == null) {
            Member outside = enterRealTime(thread);
            try {
                thread.join();
            } finally {
                exitRealTime(outside);
            }
            return;
        }
        joinMember(self, thread, -1);
    }

    public static void join(Thread thread, long millis) throws InterruptedException {
        Member self = sameDomainJoiner(thread);
        if (self == null) {
            Member outside = enterRealTime(thread);
            try {
                thread.join(millis);
            } finally {
                exitRealTime(outside);
            }
            return;
        }
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        joinMember(self, thread, millis == 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(millis));
    }

    public static void join(Thread thread, long millis, int nanos) throws InterruptedException {
        Member self = sameDomainJoiner(thread);
        if (self == null) {
            Member outside = enterRealTime(thread);
            try {
                thread.join(millis, nanos);
            } finally {
                exitRealTime(outside);
            }
            return;
        }
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        long total = TimeUnit.MILLISECONDS.toNanos(millis) + nanos;
        joinMember(self, thread, total == 0 ? -1 : total);
    }

    /** {@code Thread.join(Duration)}, JDK 19 and later: true if the thread has terminated. */
    public static boolean join(Thread thread, Duration duration) throws InterruptedException {
        Member self = sameDomainJoiner(thread);
        if (self == null) {
            Member outside = enterRealTime(thread);
            try {
                return JdkMethods.join(thread, duration);
            } finally {
                exitRealTime(outside);
            }
        }
        long nanos = TimeHooks.saturatedNanos(duration);
        if (thread.getState() == Thread.State.NEW) {
            throw new IllegalThreadStateException("Thread not started");
        }
        if (nanos > 0) {
            joinMember(self, thread, nanos);
        }
        return thread.getState() == Thread.State.TERMINATED;
    }

    /**
     * A member joining a thread outside its domain (a non-member, or a member that has just left: its exit
     * hook ran, its thread is still finishing) waits in real time and holds the clock meanwhile (section
     * 3.1: waiting on something owned outside the domain). Inside a real-time section its hooks do what the
     * JDK does, so the JDK's own join (a latch, for a virtual thread) cannot park on the virtual clock.
     * Returns the member, or null for a caller outside every domain.
     */
    private static Member enterRealTime(Thread target) {
        Member self = Domains.current();
        if (self != null) {
            self.enterRealTime();
        }
        return self;
    }

    private static void exitRealTime(Member self) {
        if (self != null) {
            self.exitRealTime();
        }
    }

    /** The calling member when {@code target} is a member of its domain; else null (a real join). */
    private static Member sameDomainJoiner(Thread target) {
        Member self = Domains.current();
        if (self == null || target == null || target == Thread.currentThread()) {
            return null;
        }
        Member other = Domains.memberOf(target);
        return other != null && other.domain() == self.domain() ? self : null;
    }

    private static void joinMember(Member self, Thread target, long nanos) throws InterruptedException {
        if (!target.isAlive()) {
            return;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Domain domain = self.domain();
        WakeOutcome outcome;
        try {
            outcome = domain.join(self, target, nanos);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("Thread.join", e);
            realJoin(target, nanos);
            return;
        }
        switch (outcome.reason) {
            case TERMINATED:
                awaitExit(target);
                return;
            case INTERRUPTED:
                Thread.interrupted();
                throw new InterruptedException();
            case FAILED:
                throw Domain.failureOf(outcome);
            case CLOSED:
                if (nanos < 0 || outcome.remainingNanos < 0) {
                    realJoin(target, nanos);
                } else if (outcome.remainingNanos > 0) {
                    realJoin(target, outcome.remainingNanos);
                }
                return;
            default:
                return; // TIMEOUT
        }
    }

    /**
     * The joined thread's run is over and it is leaving; wait out those last real instants without going
     * through a join, which for a virtual thread parks in rewritten JDK code and would let the clock move.
     */
    private static void awaitExit(Thread target) {
        while (target.isAlive()) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** {@code nanos < 0}: no deadline. */
    private static void realJoin(Thread target, long nanos) throws InterruptedException {
        if (nanos < 0) {
            target.join();
        } else {
            long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
            int rest = (int) (nanos - TimeUnit.MILLISECONDS.toNanos(millis));
            if (millis > 0 || rest > 0) {
                target.join(millis, rest);
            }
        }
    }
}
