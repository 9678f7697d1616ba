package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.DeadlockError;
import dev.timescope.LeakPolicy;
import dev.timescope.LeakedThreadsError;
import dev.timescope.RunawayTimersError;
import dev.timescope.TaskScope;
import dev.timescope.VirtualClock;
import dev.timescope.it.Signaller;
import dev.timescope.junit.VirtualTime;
import dev.timescope.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** virtual-time.md, section 4: failures are reported, never a hang. */
class Section4FailuresTest {

    /** A member that sleeps 1 ms forever: a periodic timer far shorter than the jumps asked of the clock. */
    private static Thread ticker(AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ticker");
        t.start();
        return t;
    }

    @Test
    void aLongSleepBesideAOneMillisecondTickerIsARunawayNamingTheTicker() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        try (VirtualClock clock = VirtualClock.builder().runawayLimit(5_000).start()) {
            Thread ticker = ticker(stop);
            assertThatThrownBy(() -> Thread.sleep(Duration.ofHours(1000).toMillis()))
                    .isInstanceOf(RunawayTimersError.class)
                    .hasMessageContaining("5001 timers fired while the clock advanced from 2000-01-01T00:00:00Z (+0s)")
                    .hasMessageContaining("without reaching its target, 2000-02-11T16:00:00Z (+41d 16h 0m 0s)")
                    .hasMessageContaining("the limit is 5000")
                    .hasMessageContaining("The busiest timer fired 5001 times: thread \"ticker\"")
                    .hasMessageContaining("Section4FailuresTest.lambda$ticker$0");
            stop.set(true);
            ticker.interrupt();
            ticker.join();
        }
    }

    @Test
    void aManualAdvanceFarBeyondATickerIsARunawayToo() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        try (VirtualClock clock = VirtualClock.builder().autoAdvance(false).runawayLimit(1_000).start()) {
            Thread ticker = ticker(stop);
            assertThatThrownBy(() -> clock.advance(Duration.ofHours(1000)))
                    .isInstanceOf(RunawayTimersError.class)
                    .hasMessageContaining("thread \"ticker\"");
            stop.set(true);
            ticker.interrupt();
            ticker.join();
        }
    }

    @Test
    void aOneMillisecondPeriodicTaskUnderALongSleepIsARunawayNamingWhereItWasScheduled() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (VirtualClock clock = VirtualClock.builder().runawayLimit(2_000).start()) {
            ScheduledFuture<?> tick = scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> Thread.sleep(Duration.ofHours(1000).toMillis()))
                    .isInstanceOf(RunawayTimersError.class)
                    .hasMessageContaining("the limit is 2000 firings of one timer that re-arms")
                    .hasMessageContaining("The busiest timer fired 2001 times")
                    .hasMessageContaining(", every 1ms")
                    .hasMessageContaining("scheduled at dev.timescope.it.contract.Section4FailuresTest"
                            + ".aOneMillisecondPeriodicTaskUnderALongSleepIsARunawayNamingWhereItWasScheduled");
            tick.cancel(false);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aTaskThatKeepsSchedulingItsSuccessorIsARunawayToo() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        try (VirtualClock clock = VirtualClock.builder().runawayLimit(1_000).start()) {
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                if (!stop.get()) {
                    scheduler.schedule(tick[0], 1, TimeUnit.MILLISECONDS);
                }
            };
            scheduler.schedule(tick[0], 1, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> Thread.sleep(Duration.ofHours(1000).toMillis()))
                    .isInstanceOf(RunawayTimersError.class)
                    .hasMessageContaining("The busiest timer fired 1001 times")
                    .hasMessageContaining("scheduled at dev.timescope.it.contract.Section4FailuresTest.lambda$");
            stop.set(true);
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Many members, each with a few one-shot timers: far more timers than the limit, and no runaway. */
    @Test
    @VirtualTime
    void twoThousandThreadsOfAHundredOneShotSleepsEachAreNoRunaway() throws InterruptedException {
        int threads = 2_000;
        AtomicInteger done = new AtomicInteger();
        Thread[] members = new Thread[threads];
        long longest = 0;
        long origin = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Random random = new Random(i);
            long[] plan = new long[100];
            long total = 0;
            for (int k = 0; k < plan.length; k++) {
                plan[k] = 1 + random.nextInt(100);
                total += plan[k];
            }
            longest = Math.max(longest, total);
            members[i] = new Thread(() -> {
                for (long millis : plan) {
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                done.incrementAndGet();
            }, "sleeper-" + i);
            members[i].start();
        }
        for (Thread t : members) {
            t.join();
        }
        assertThat(done.get()).isEqualTo(threads);
        assertThat(System.nanoTime() - origin).isEqualTo(TimeUnit.MILLISECONDS.toNanos(longest));
    }

    @Test
    void underTheLimitTheSameTickerIsFine() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        try (VirtualClock clock = VirtualClock.start()) {
            Thread ticker = ticker(stop);
            Thread.sleep(Duration.ofSeconds(60).toMillis()); // 60,000 ticks, under the default 100,000
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(60));
            stop.set(true);
            ticker.interrupt();
            ticker.join();
        }
    }

    @Test
    void aManualClockThatNobodyAdvancesIsReportedNotHung() {
        try (VirtualClock clock = VirtualClock.builder().autoAdvance(false)
                .deadlockGrace(Duration.ofMillis(100)).start()) {
            assertThatThrownBy(() -> Thread.sleep(5_000))
                    .isInstanceOf(DeadlockError.class)
                    .hasMessageContaining("auto-advance is off and no advance() is running")
                    .hasMessageContaining("the pending timer at 2000-01-01T00:00:05Z (+5s) cannot fire");
        }
    }

    @Test
    void aDeadlockIsReportedToTheRootAgainEachTimeItBlocksOnIt() {
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50)).start()) {
            CountDownLatch never = new CountDownLatch(1);
            assertThatThrownBy(never::await).isInstanceOf(DeadlockError.class);
            assertThatThrownBy(never::await).isInstanceOf(DeadlockError.class);
        }
    }

    /**
     * A failure that ends a condition's await comes out of it with the lock held again, as every way out of an
     * await holds it: the usual {@code lock; try { await } finally { unlock }} then passes the report on, where
     * it used to lose it to an IllegalMonitorStateException from the unlock.
     */
    @Test
    void aDeadlockInAConditionAwaitComesOutWithTheLockHeld() {
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50)).start()) {
            ReentrantLock lock = new ReentrantLock();
            Condition never = lock.newCondition();
            assertThat(heldWhenADeadlockEndsTheAwait(lock, never::await, () -> { })).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt that ended the wait is spent").isFalse();
        }
    }

    /**
     * {@code lock(); beforeAwait; await}, then {@code unlock()} in a {@code finally}, in a domain where
     * the await can only end in a deadlock: asserts the report passes through, and returns whether the lock was held
     * on the way out.
     */
    private static boolean heldWhenADeadlockEndsTheAwait(ReentrantLock lock, ThrowingCallable await,
                                                         Runnable beforeAwait) {
        AtomicBoolean heldOnTheWayOut = new AtomicBoolean();
        assertThatThrownBy(() -> {
            lock.lock();
            try {
                beforeAwait.run();
                await.call();
            } finally {
                heldOnTheWayOut.set(lock.isHeldByCurrentThread());
                lock.unlock();
            }
        }).isInstanceOf(DeadlockError.class).hasMessageContaining("timescope: deadlock");
        return heldOnTheWayOut.get();
    }

    /**
     * The same after a wake-up that does not end the await (a stray unpark): the waiter parks again, and the failure
     * that ends it still comes out with the lock held and the waiter gone from the condition's queue.
     */
    @Test
    void aDeadlockInAConditionAwaitAfterAStrayUnparkComesOutWithTheLockHeld() {
        ReentrantLock lock = new ReentrantLock();
        Condition never = lock.newCondition();
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50)).start()) {
            Thread waiter = Thread.currentThread();
            Runnable strayUnpark = () -> new Thread(() -> {
                lock.lock(); // taken once the await has let it go: the waiter waits by then
                try {
                    LockSupport.unpark(waiter);
                } finally {
                    lock.unlock();
                }
            }, "unparker").start();
            assertThat(heldWhenADeadlockEndsTheAwait(lock, never::await, strayUnpark)).isTrue();
        }
        lock.lock();
        try {
            assertThat(lock.hasWaiters(never)).as("the gone waiter is not left in the condition's queue").isFalse();
        } finally {
            lock.unlock();
        }
    }

    /** The same for a timed await on a clock nobody advances, and for a read-write lock's condition. */
    @Test
    void aDeadlockInATimedAwaitComesOutWithTheLockHeld() {
        try (VirtualClock clock = VirtualClock.builder().autoAdvance(false)
                .deadlockGrace(Duration.ofMillis(50)).start()) {
            ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
            Condition never = lock.writeLock().newCondition();
            AtomicBoolean heldOnTheWayOut = new AtomicBoolean();
            assertThatThrownBy(() -> {
                lock.writeLock().lock();
                try {
                    never.awaitNanos(Duration.ofHours(1).toNanos());
                } finally {
                    heldOnTheWayOut.set(lock.isWriteLockedByCurrentThread());
                    lock.writeLock().unlock();
                }
            }).isInstanceOf(DeadlockError.class).hasMessageContaining("cannot fire");
            assertThat(heldOnTheWayOut).isTrue();
            assertThat(clock.elapsed()).isZero();
        }
    }

    /**
     * A failure that ends a wait for a lock takes the waiter out of the lock's queue, as an interrupt does: a fair
     * lock does not make the threads that come later queue behind a waiter that is gone.
     */
    @Test
    void aDeadlockInALockCallLeavesTheLocksQueue() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock(true);
        Thread holder;
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50))
                .onLeak(LeakPolicy.IGNORE).start()) { // the holder is left waiting: interrupted as the clock closes
            holder = holdUntilTheClockCloses(lock);
            assertThatThrownBy(lock::lock).isInstanceOf(DeadlockError.class).hasMessageContaining("timescope: deadlock");
            assertThat(lock.isHeldByCurrentThread()).isFalse();
        }
        assertNoWaiterLeftBehind(holder, lock);
    }

    /** Once {@code holder} has let go of {@code lock} as the clock closed, the lock's queue is empty and the lock free. */
    private static void assertNoWaiterLeftBehind(Thread holder, ReentrantLock lock) throws InterruptedException {
        holder.join(60_000); // a safety bound only: the holder was interrupted as the clock closed
        assertThat(lock.hasQueuedThreads()).as("no waiter left behind in the lock's queue").isFalse();
        Thread later = new Thread(() -> {
            lock.lock();
            lock.unlock();
        }, "a later thread");
        later.start();
        later.join(60_000); // a safety bound only: the lock is free
        assertThat(later.isAlive()).as("a later thread takes the lock").isFalse();
    }

    /**
     * {@code lock()} keeps an interrupt that reaches it while it waits and sets it again as it returns; when a failure
     * ends the wait instead, the interrupt is set again too, as the lock does for a wait it cancels.
     */
    @Test
    void anInterruptThatReachedALockCallIsKeptWhenADeadlockEndsIt() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        Thread holder;
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50))
                .onLeak(LeakPolicy.IGNORE).start()) { // the holder is left waiting: interrupted as the clock closes
            holder = holdUntilTheClockCloses(lock);
            Thread waiter = Thread.currentThread();
            new Thread(() -> {
                while (!lock.hasQueuedThread(waiter)) {
                    // busy, not a wait: no deadlock can be found before the interrupt
                }
                waiter.interrupt();
            }, "interrupter").start();
            assertThatThrownBy(lock::lock).isInstanceOf(DeadlockError.class).hasMessageContaining("timescope: deadlock");
            assertThat(Thread.interrupted()).as("the interrupt lock() received, set again").isTrue();
        }
        assertNoWaiterLeftBehind(holder, lock);
    }

    /**
     * Starts a member that takes {@code lock} and waits for ever, a deadlock for whoever waits for the lock; it lets
     * go as the clock closes and interrupts it. Returns once it holds the lock.
     */
    private static Thread holdUntilTheClockCloses(ReentrantLock lock) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = holder(lock, held);
        held.await();
        return holder;
    }

    /** Starts a member that takes {@code lock} when it can, counts {@code held} down and waits until interrupted. */
    private static Thread holder(ReentrantLock lock, CountDownLatch held) {
        CountDownLatch never = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            lock.lock();
            try {
                held.countDown();
                never.await();
            } catch (InterruptedException e) {
                // the clock closing: let go of the lock
            } finally {
                lock.unlock();
            }
        }, "holder");
        holder.start();
        return holder;
    }

    /** How the test thread waits for a {@code StampedLock}, and who waits behind it. */
    enum StampedWait {
        /** As a writer; a reader queues after it. */
        WRITER,
        /** As the first reader queued after a writer; a writer queues after it. */
        FIRST_READER,
        /** As a reader in the group of one queued before it; a writer queues after that group. */
        READER_IN_A_GROUP
    }

    /**
     * The same for a {@code StampedLock}, whose queue is its own, in each of the ways a thread waits in it, with an
     * interrupt reaching the wait (an uninterruptible one: the lock takes it and sets it again on its way out). The
     * failure takes the test thread out of the queue, so that the thread queued after it is the one woken when the
     * lock is let go, and sets the interrupt again.
     */
    @ParameterizedTest
    @EnumSource(StampedWait.class)
    void aDeadlockInAStampedLockCallLeavesTheLocksQueue(StampedWait role) throws InterruptedException {
        StampedLock lock = new StampedLock();
        Runnable reader = () -> lock.unlockRead(lock.readLock());
        Runnable writer = () -> lock.unlockWrite(lock.writeLock());
        List<Thread> others = new CopyOnWriteArrayList<>(); // the interrupter adds one
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50))
                .onLeak(LeakPolicy.IGNORE).start()) { // the others are left waiting: interrupted as the clock closes
            CountDownLatch held = new CountDownLatch(1);
            others.add(new Thread(() -> {
                long stamp = lock.writeLock();
                try {
                    held.countDown();
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    // the clock closing: let go of the lock
                } finally {
                    lock.unlockWrite(stamp);
                }
            }, "holder"));
            others.get(0).start();
            held.await();
            if (role == StampedWait.READER_IN_A_GROUP) {
                others.add(startWaitingFor(lock, reader, "first reader"));
            }
            Thread waiter = Thread.currentThread();
            new Thread(() -> {
                while (LockSupport.getBlocker(waiter) != lock) {
                    // busy, not a wait: no deadlock can be found before the interrupt
                }
                waiter.interrupt();
                others.add(startWaitingFor(lock, role == StampedWait.WRITER ? reader : writer, "after the test thread"));
            }, "interrupter").start();
            ThrowingCallable wait = role == StampedWait.WRITER ? lock::writeLock : lock::readLock;
            assertThatThrownBy(wait).isInstanceOf(DeadlockError.class);
            assertThat(Thread.interrupted()).as("the interrupt the wait took, set again").isTrue();
        }
        for (Thread t : others) {
            t.join(60_000); // a safety bound only: each takes the lock once the holder lets go
            assertThat(t.isAlive()).as("%s is woken, not a waiter that is gone", t.getName()).isFalse();
        }
    }

    /** Starts a member that runs {@code body}, and returns once it waits for {@code lock}. */
    private static Thread startWaitingFor(StampedLock lock, Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.start();
        while (LockSupport.getBlocker(t) != lock) {
            Thread.onSpinWait(); // no wait: the caller must not look blocked before the thread is queued
        }
        return t;
    }

    /**
     * A deadlock that ends a condition's await while another member holds the lock for ever: the await cannot take the
     * lock back, and the report comes out of it without (the second standstill, the await's own wait for the lock, is
     * the one reported), also where the JDK's await tries again to take the lock after a failure (JDK 21 and later).
     * A later await of the same thread is not ended by the failure the first one left behind.
     */
    @Test
    void aDeadlockThatKeepsAnAwaitFromItsLockComesOutOfTheAwait() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock(true); // fair: a waiter left in its queue would hold back every later one
        Condition never = lock.newCondition();
        Thread holder;
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50))
                .onLeak(LeakPolicy.IGNORE).start()) { // the holder is left waiting: interrupted as the clock closes
            lock.lock();
            try {
                holder = holder(lock, new CountDownLatch(1)); // takes the lock once the await lets it go
                assertThatThrownBy(never::await).isInstanceOf(DeadlockError.class)
                        .hasMessageContaining("timescope: deadlock");
                assertThat(lock.isHeldByCurrentThread()).isFalse();
            } finally {
                if (lock.isHeldByCurrentThread()) {
                    lock.unlock();
                }
            }
            ReentrantLock other = new ReentrantLock();
            assertSignalledAfterASecond(clock, other, other.newCondition(), Condition::await);
        }
        assertNoWaiterLeftBehind(holder, lock);
    }

    /**
     * The same for {@code awaitUninterruptibly}, which no interrupt ends: the failure moves the waiter to the lock's
     * queue as a signal does, and comes out with the lock held; an interrupt that reached the wait is kept, as the
     * await keeps it. The condition works as before afterwards.
     */
    @Test
    void aDeadlockInAnUninterruptibleAwaitComesOutWithTheLockHeld() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock(true); // fair: a waiter left in its queue would hold back every later one
        Condition condition = lock.newCondition();
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50)).start()) {
            Thread waiter = Thread.currentThread();
            Runnable interruptTheWait = () -> new Thread(() -> {
                while (LockSupport.getBlocker(waiter) != condition) {
                    // busy, not a wait: no deadlock can be found before the interrupt
                }
                waiter.interrupt();
            }, "interrupter").start();
            assertThat(heldWhenADeadlockEndsTheAwait(lock, condition::awaitUninterruptibly, interruptTheWait)).isTrue();
            assertThat(Thread.interrupted()).as("the interrupt that reached the wait, kept").isTrue();
            lock.lock();
            try {
                assertThat(lock.hasWaiters(condition)).as("the gone waiter is not left in the condition's queue")
                        .isFalse();
            } finally {
                lock.unlock();
            }
            assertSignalledAfterASecond(clock, lock, condition, Condition::awaitUninterruptibly);
        }
        assertThat(lock.hasQueuedThreads()).as("no waiter left behind in the lock's queue").isFalse();
    }

    /** A wait of the test thread on {@code condition} is signalled by a member a virtual second later, exactly. */
    private static void assertSignalledAfterASecond(VirtualClock clock, ReentrantLock lock, Condition condition,
                                                    AwaitOn await) throws InterruptedException {
        Signaller.signalAfter(Duration.ofSeconds(1), lock, condition);
        lock.lock();
        try {
            long start = clock.elapsed().toMillis();
            await.await(condition);
            assertThat(clock.elapsed().toMillis() - start).isEqualTo(1_000);
        } finally {
            lock.unlock();
        }
    }

    /** One of a condition's await methods. */
    @FunctionalInterface
    private interface AwaitOn {
        void await(Condition condition) throws InterruptedException;
    }

    /** Without a failure, a member's {@code awaitUninterruptibly} is the JDK's: an interrupt does not end it, its signal does. */
    @Test
    void anUninterruptibleAwaitOfAMemberEndsOnItsSignalOnly() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            ReentrantLock lock = new ReentrantLock();
            Condition ready = lock.newCondition();
            AtomicInteger returns = new AtomicInteger();
            AtomicReference<Duration> wokenAt = new AtomicReference<>();
            AtomicBoolean interruptKept = new AtomicBoolean();
            Thread waiter = new Thread(() -> {
                lock.lock();
                try {
                    ready.awaitUninterruptibly();
                    returns.incrementAndGet();
                    wokenAt.set(clock.elapsed());
                    interruptKept.set(Thread.currentThread().isInterrupted());
                } finally {
                    lock.unlock();
                }
            }, "waiter");
            waiter.start();
            Thread.sleep(1_000);
            waiter.interrupt();
            Thread.sleep(1_000);
            lock.lock();
            try {
                ready.signal();
            } finally {
                lock.unlock();
            }
            waiter.join();
            assertThat(returns).hasValue(1);
            assertThat(wokenAt).hasValue(Duration.ofSeconds(2));
            assertThat(interruptKept).as("the interrupt is set again as the await returns").isTrue();
        }
    }

    /** A scope waits for its children under its own lock's condition: a child that can never end is reported. */
    @Test
    void aScopeWaitingForADeadlockedChildThrowsTheDeadlockFromClose() {
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50))
                .onLeak(LeakPolicy.IGNORE).start()) { // the child is left waiting: interrupted as the clock closes
            CountDownLatch never = new CountDownLatch(1);
            assertThatThrownBy(() -> {
                try (TaskScope scope = TaskScope.open()) {
                    scope.fork(() -> {
                        never.await();
                        return null;
                    });
                }
            }).isInstanceOf(DeadlockError.class).hasMessageContaining("timescope: deadlock");
        }
    }

    /** A report of many members stays short: stacks for the first 20, names up to 100, a count of the rest. */
    @Test
    void aDeadlockOfManyMembersNamesTheFirstHundredAndCountsTheRest() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Thread[] waiting = new Thread[150];
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50)).onLeak(LeakPolicy.IGNORE)
                .start()) {
            for (int i = 0; i < waiting.length; i++) {
                waiting[i] = new Thread(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        // interrupted at close
                    }
                }, "waiter-" + i);
                waiting[i].start();
            }
            Throwable error = org.assertj.core.api.Assertions.catchThrowable(never::await);
            assertThat(error).isInstanceOf(DeadlockError.class)
                    .hasMessageContaining("Members (151):")
                    .hasMessageContaining("\"waiter-18\"")
                    .hasMessageContaining("\"waiter-98\"")
                    .hasMessageNotContaining("\"waiter-99\"")
                    .hasMessageContaining("... and 51 more members");
            long stacks = error.getMessage().lines().filter(l -> l.contains("Section4FailuresTest.lambda$")).count();
            assertThat(stacks).as("members shown with their stacks").isEqualTo(19); // the root's stack is trimmed
        }
        for (Thread t : waiting) {
            t.join();
        }
    }

    @Test
    void leakedThreadsAreInterruptedAfterTheReport() throws InterruptedException {
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread[] leaked = new Thread[1];
        VirtualClock clock = VirtualClock.start();
        leaked[0] = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofDays(1).toMillis());
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }, "leaky");
        leaked[0].start();
        clock.awaitQuiescence();
        assertThatThrownBy(clock::close).isInstanceOf(LeakedThreadsError.class)
                .hasMessageContaining("\"leaky\"");
        leaked[0].join();
        assertThat(interrupted).isTrue();
    }

    @Test
    void theLeakPolicyCanWarnOrIgnore() throws InterruptedException {
        for (LeakPolicy policy : new LeakPolicy[] {LeakPolicy.WARN, LeakPolicy.IGNORE}) {
            try (LogCapture log = LogCapture.start()) {
                VirtualClock clock = VirtualClock.builder().onLeak(policy).start();
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(Duration.ofDays(1).toMillis());
                    } catch (InterruptedException e) {
                        // interrupted by close()
                    }
                }, "left-asleep");
                t.start();
                clock.awaitQuiescence();
                clock.close();
                t.join();
                if (policy == LeakPolicy.WARN) {
                    assertThat(log.messages()).singleElement().asString()
                            .startsWith("WARNING: timescope: virtual-time domain")
                            .contains("while it still owned 1 thread.")
                            .contains("\"left-asleep\": sleeping until 2000-01-02T00:00:00Z (+1d 0h 0m 0s)");
                } else {
                    assertThat(log.messages()).isEmpty();
                }
            }
        }
    }
}
