package dev.timescope.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.DeadlockError;
import dev.timescope.LeakedThreadsError;
import dev.timescope.RunawayTimersError;
import dev.timescope.internal.hooks.ParkHooks;
import dev.timescope.internal.hooks.ThreadHooks;
import dev.timescope.internal.hooks.TimeHooks;
import dev.timescope.testing.LogCapture;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core on its own, without the agent: members are started by {@link TestMembers} and call the hooks
 * directly, as rewritten code would. Each test names the part of virtual-time.md it proves.
 */
class DomainTest {

    private Domain domain;

    private Domain open(DomainOptions.Builder options) {
        domain = Domain.open(options.build());
        return domain;
    }

    private Domain open() {
        return open(DomainOptions.builder());
    }

    @AfterEach
    void closeIfOpen() {
        if (domain != null && !domain.isClosed()) {
            domain.close();
        }
    }

    private static long elapsedSince(long t0) {
        return TimeHooks.nanoTime() - t0;
    }

    @Test
    void section3_sleepersWakeInDeadlineOrderAtExactInstants() throws Exception {
        open();
        List<String> log = new CopyOnWriteArrayList<>();
        long t0 = TimeHooks.nanoTime();
        Thread five = TestMembers.start("five", () -> {
            TimeHooks.sleep(5_000);
            log.add("five@" + elapsedSince(t0));
        });
        Thread three = TestMembers.start("three", () -> {
            TimeHooks.sleep(3_000);
            log.add("three@" + elapsedSince(t0));
        });
        ThreadHooks.join(five);
        ThreadHooks.join(three);
        assertThat(log).containsExactly("three@3000000000", "five@5000000000");
        assertThat(domain.instant()).isEqualTo(Instant.parse("2000-01-01T00:00:05Z"));
    }

    @Test
    void section2_anUnparkBeforeTheParkIsKeptAsAPermit() {
        open();
        Member root = Domains.current();
        ParkHooks.unpark(root.thread());
        long t0 = TimeHooks.nanoTime();
        ParkHooks.parkNanos(this, Duration.ofHours(1).toNanos());
        assertThat(elapsedSince(t0)).isZero();
        ParkHooks.parkNanos(this, Duration.ofSeconds(1).toNanos()); // the permit is gone: this one waits
        assertThat(elapsedSince(t0)).isEqualTo(1_000_000_000L);
    }

    /** A park ended by a stale real permit must not leave another one behind (it used to spin for ever). */
    @Test
    void section3_aSpuriousWakeUpDoesNotFeedItself() {
        open();
        LockSupport.unpark(Thread.currentThread()); // a real permit the ledger never saw
        long t0 = TimeHooks.nanoTime();
        ParkHooks.parkNanos(this, Duration.ofMinutes(1).toNanos()); // may return at once: parks may
        ParkHooks.parkNanos(this, Duration.ofMinutes(1).toNanos());
        assertThat(elapsedSince(t0)).isIn(60_000_000_000L, 120_000_000_000L);
        assertThat(domain.pendingTimers()).isZero();
    }

    /**
     * A member parked on a {@code ReentrantLock} that has no owner is waiting for the lock to change hands (its owner
     * has just let go and is about to wake it, or a thread has just taken it): that thread may be outside the domain,
     * so the member holds the clock until it is woken (section 3.1), and a sleeper's deadline cannot fire meanwhile.
     */
    @Test
    void section3_aMemberParkedOnALockChangingHandsHoldsTheClock() throws Exception {
        open();
        Member root = Domains.current();
        Object sync = syncOf(new ReentrantLock());
        AtomicBoolean released = new AtomicBoolean();
        Thread waiter = TestMembers.start("waiter", () -> {
            while (!released.get()) {
                ParkHooks.park(sync); // as AbstractQueuedSynchronizer parks for the lock
            }
        });
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // parked at least once: it looks again every few microseconds
        }
        AtomicLong seen = new AtomicLong(-1);
        Thread outside = new Thread(() -> { // no member: the thread finishing the hand-over
            while (!domain.isDurablyBlocked(root.thread())) {
                Thread.onSpinWait();
            }
            seen.set(domain.elapsedNanos());
            released.set(true);
            ParkHooks.unpark(waiter);
        }, "outside");
        outside.start();
        long t0 = TimeHooks.nanoTime();
        TimeHooks.sleep(1_000);
        assertThat(elapsedSince(t0)).isEqualTo(1_000_000_000L);
        ThreadHooks.join(waiter);
        joinUninterruptibly(outside);
        assertThat(seen.get()).as("the clock while the lock changed hands").isZero();
    }

    /**
     * The other way a lock changes hands: a member takes it and then waits on the clock with it held. The member that
     * parked while the lock had no owner must then count as blocked behind a member (section 3.1) rather than go on
     * holding the clock, or the owner's sleep could never end.
     */
    @Test
    void section3_aMemberParkedOnALockChangingHandsDoesNotHoldUpTheMemberThatTakesIt() throws Exception {
        open();
        ReentrantLock lock = new ReentrantLock();
        Object sync = syncOf(lock);
        AtomicBoolean done = new AtomicBoolean();
        Thread waiter = TestMembers.start("waiter", () -> {
            while (!done.get()) {
                ParkHooks.park(sync); // as AbstractQueuedSynchronizer parks for the lock
            }
        });
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        long t0 = TimeHooks.nanoTime();
        AtomicLong slept = new AtomicLong(-1);
        Thread owner = TestMembers.start("owner", () -> {
            lock.lock(); // free: taken at once, and now owned by a member
            try {
                TimeHooks.sleep(1_000);
                slept.set(elapsedSince(t0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.set(true);
                lock.unlock();
                ParkHooks.unpark(waiter);
            }
        });
        ThreadHooks.join(owner);
        ThreadHooks.join(waiter);
        assertThat(slept.get()).isEqualTo(1_000_000_000L);
    }

    private static Object syncOf(ReentrantLock lock) throws ReflectiveOperationException {
        Field sync = ReentrantLock.class.getDeclaredField("sync");
        sync.setAccessible(true); // opened to the tests by the build (--add-opens)
        return sync.get(lock);
    }

    @Test
    void section2_aDeadlineAlreadyPastReturnsAtOnceEvenWhileAnotherMemberRuns() throws Exception {
        open();
        AtomicBoolean parked = new AtomicBoolean();
        Thread spinner = TestMembers.start("spinner", () -> {
            while (!parked.get()) {
                Thread.onSpinWait(); // holds the clock: a park that waited for quiescence would hang
            }
        });
        ParkHooks.parkUntil(this, TimeHooks.currentTimeMillis() - 1_000);
        parked.set(true);
        ThreadHooks.join(spinner);
        assertThat(domain.elapsedNanos()).isZero();
    }

    @Test
    void section3_anInterruptWakesASleeperAtTheInstantOfTheInterrupt() throws Exception {
        open();
        AtomicLong wokeAt = new AtomicLong(-1);
        long t0 = TimeHooks.nanoTime();
        Thread sleeper = TestMembers.start("sleeper", () -> {
            try {
                TimeHooks.sleep(3_600_000);
            } catch (InterruptedException e) {
                wokeAt.set(elapsedSince(t0));
            }
        });
        TimeHooks.sleep(10_000);
        ThreadHooks.onInterrupt(sleeper); // what the hook inside Thread.interrupt does
        sleeper.interrupt();
        ThreadHooks.join(sleeper);
        assertThat(wokeAt.get()).isEqualTo(10_000_000_000L);
    }

    @Test
    void section3_aJoinEndsWhenTheThreadEnds() throws Exception {
        open();
        Thread worker = TestMembers.start("worker", () -> TimeHooks.sleep(2_000));
        ThreadHooks.join(worker);
        assertThat(worker.isAlive()).isFalse();
        assertThat(domain.elapsedNanos()).isEqualTo(2_000_000_000L);
    }

    @Test
    void section1_aMemberWhoseExitWentUnseenIsReapedSoItsJoinerWakes() throws Exception {
        open();
        Thread silent = new Thread(() -> { }, "silent"); // no exit hook: the watchdog must notice
        ThreadHooks.onCreated(silent);
        ThreadHooks.onStart(silent);
        silent.start();
        ThreadHooks.join(silent);
        assertThat(silent.isAlive()).isFalse();
    }

    @Test
    void section3_anExitSeenFirstByTheReaperStillLetsTheClockMove() throws Exception {
        open();
        CountDownLatch end = new CountDownLatch(1);
        Thread ending = new Thread(() -> awaitUninterruptibly(end), "ending"); // its end is reported from elsewhere
        ThreadHooks.onCreated(ending);
        ThreadHooks.onStart(ending);
        ending.start();
        Member member = Domains.memberOf(ending);
        Thread root = Thread.currentThread();
        // A virtual thread's end is queued on its carrier; the watchdog's reaper may find the thread ended and
        // drain that queue before the dispatcher does. The domain's lock is held throughout so that neither the
        // dispatcher nor the watchdog can take the other order.
        Thread carrier = new Thread(() -> {
            while (!domain.isDurablyBlocked(root)) {
                Thread.onSpinWait();
            }
            synchronized (domain) {
                end.countDown();
                joinUninterruptibly(ending);
                domain.exited(member);
                domain.reapDeadMembers(System.nanoTime());
            }
        }, "carrier");
        try (LogCapture log = LogCapture.start()) {
            carrier.start();
            long t0 = TimeHooks.nanoTime();
            TimeHooks.sleep(1_000); // held by "ending" until its end is drained: then nothing else holds the clock
            assertThat(elapsedSince(t0)).isEqualTo(1_000_000_000L);
            joinUninterruptibly(carrier);
            assertThat(log.messages()).as("nothing left for the watchdog to move").isEmpty();
        }
    }

    /**
     * Handing a due task to its pool is work in flight (section 5) until the hand-off has returned. The
     * dispatcher takes the pool's queue lock to do it, so the pool's only thread may be parked behind that lock,
     * to be woken by its release: meanwhile the domain is not quiescent, and {@code runUntilIdle} does not end.
     */
    @Test
    void section5_aHandOffToAPoolHoldsTheClockUntilItHasReturned() throws Exception {
        open(DomainOptions.builder().autoAdvance(false));
        Member root = Domains.current();
        Object pool = new Object();
        Object runningTask = new Object();
        Object dueTask = new Object();
        CountDownLatch handOffStarted = new CountDownLatch(1);
        CountDownLatch handOffMayEnd = new CountDownLatch(1);
        AtomicBoolean handedOff = new AtomicBoolean();
        Thread[] poolThread = new Thread[1];
        WorkControl control = new WorkControl() {
            @Override
            public boolean release(Work work, BooleanSupplier stillDue) {
                handOffStarted.countDown();
                awaitUninterruptibly(handOffMayEnd); // the queue lock is held here
                handedOff.set(true);
                ParkHooks.unpark(poolThread[0]); // its release wakes the thread parked behind it
                return true;
            }

            @Override
            public void cancel(Work work) {
            }

            @Override
            public boolean isDone(Object task) {
                return false;
            }

            @Override
            public String describe(Object task, Object p) {
                return "task";
            }
        };
        assertThat(domain.submitted(runningTask, pool, PoolKind.SINGLE_THREAD, control, root)).isTrue();
        poolThread[0] = new Thread(() -> {
            Member runner = domain.attachFor(Works.of(runningTask), Thread.currentThread());
            while (!handedOff.get()) {
                ParkHooks.park(this); // behind the queue lock: durably blocked as far as the ledger can see
            }
            domain.runEnded(Works.of(runningTask));
            Work due = Works.of(dueTask);
            domain.runStartingBy(due, runner);
            domain.runEnded(due);
            domain.detach(runner);
        }, "pool thread");
        poolThread[0].start();
        while (!domain.isDurablyBlocked(poolThread[0])) {
            Thread.onSpinWait(); // real time: no agent rewrites this test
        }
        domain.scheduled(dueTask, pool, PoolKind.SINGLE_THREAD, control, root, 1_000_000L, 0, null);
        Thread releaser = new Thread(() -> {
            awaitUninterruptibly(handOffStarted);
            while (handOffMayEnd.getCount() > 0
                    && !(domain.isDriven() && root.thread().getState() == Thread.State.WAITING)) {
                Thread.onSpinWait(); // until the root waits in runUntilIdle, or has returned from it
            }
            handOffMayEnd.countDown();
        }, "releaser");
        releaser.start();

        domain.runUntilIdle();
        boolean handedOffBeforeIdle = handedOff.get();
        handOffMayEnd.countDown();
        joinUninterruptibly(releaser);
        joinUninterruptibly(poolThread[0]);
        assertThat(handedOffBeforeIdle).as("the hand-off had returned when runUntilIdle did").isTrue();
        assertThat(domain.elapsedNanos()).isEqualTo(1_000_000L);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting: only the latch ends this
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException e) {
                // keep waiting: only the thread's end ends this
            }
        }
    }

    @Test
    void section32_manualAdvanceFiresInOrderAndRestsAtTheTarget() throws Exception {
        open(DomainOptions.builder().autoAdvance(false));
        List<Long> wakes = new CopyOnWriteArrayList<>();
        long t0 = TimeHooks.nanoTime();
        Thread a = TestMembers.start("a", () -> {
            TimeHooks.sleep(2_000);
            wakes.add(elapsedSince(t0));
            TimeHooks.sleep(1_000);
            wakes.add(elapsedSince(t0));
        });
        domain.awaitQuiescence();
        assertThat(domain.pendingTimers()).isEqualTo(1);
        domain.advanceTo(2_500_000_000L);
        assertThat(wakes).containsExactly(2_000_000_000L);
        assertThat(domain.elapsedNanos()).isEqualTo(2_500_000_000L);
        domain.runUntilIdle();
        assertThat(wakes).containsExactly(2_000_000_000L, 3_000_000_000L);
        ThreadHooks.join(a);
        assertThatThrownBy(() -> domain.advanceTo(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never goes backwards");
    }

    /** A report no thread throws (a stall warning) is printed while its domain is open, and never after it closed. */
    @Test
    void section4_aReportNobodyThrowsIsPrintedOnlyWhileItsDomainIsOpen() {
        open();
        try (LogCapture log = LogCapture.start()) {
            domain.print(System.Logger.Level.WARNING, "timescope: while open");
            domain.close();
            domain.print(System.Logger.Level.WARNING, "timescope: after close, as a late watchdog would");
            assertThat(log.messages()).containsExactly("WARNING: timescope: while open");
        }
    }

    @Test
    void section4_aRootParkedForeverIsADeadlockReportedInTheRoot() {
        open(DomainOptions.builder().deadlockGrace(Duration.ofMillis(20)));
        assertThatThrownBy(() -> {
            while (true) { // as every caller of park does: a permit left by earlier code lets one park return
                ParkHooks.park(this);
            }
        }).isInstanceOf(DeadlockError.class)
                .hasMessageContaining("no timer is pending")
                .hasMessageContaining("(root): parked on dev.timescope.internal.clock.DomainTest@");
        assertThat(domain.failure()).isInstanceOf(DeadlockError.class);
    }

    @Test
    void section4_aRunawayIsReportedAndOnceToldTheRootGoesOn() throws Exception {
        open(DomainOptions.builder().runawayLimit(100));
        AtomicBoolean stop = new AtomicBoolean();
        Thread ticker = TestMembers.start("ticker", () -> {
            while (!stop.get()) {
                TimeHooks.sleep(1);
            }
        });
        assertThatThrownBy(() -> TimeHooks.sleep(3_600_000)).isInstanceOf(RunawayTimersError.class)
                .hasMessageContaining("101 timers fired").hasMessageContaining("thread \"ticker\"");
        stop.set(true);
        long t0 = TimeHooks.nanoTime();
        TimeHooks.sleep(5); // the clock moves again: the failure was delivered
        assertThat(elapsedSince(t0)).isEqualTo(5_000_000L);
        ThreadHooks.join(ticker);
    }

    @Test
    void section4_aMemberStillAliveAtCloseIsALeakAndIsInterrupted() throws Exception {
        open();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread leaky = TestMembers.start("leaky", () -> {
            try {
                TimeHooks.sleep(3_600_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        domain.awaitQuiescence();
        assertThatThrownBy(domain::close).isInstanceOf(LeakedThreadsError.class).hasMessageContaining("\"leaky\"");
        leaky.join();
        assertThat(interrupted).isTrue();
    }

    @Test
    void section1_onlyTheRootClosesAndAMemberCannotOpenAnotherDomain() throws Exception {
        open();
        assertThatThrownBy(() -> Domain.open(DomainOptions.builder().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already belongs");
        Throwable[] thrown = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                domain.close();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        other.start();
        other.join();
        assertThat(thrown[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("must be closed by");
    }

    @Test
    void section2_wallAndMonotonicClocksMoveTogether() throws Exception {
        open(DomainOptions.builder().start(Instant.parse("2030-01-01T00:00:00.000000500Z")));
        long nanos = TimeHooks.nanoTime();
        long millis = TimeHooks.currentTimeMillis();
        TimeHooks.sleep(1_234);
        assertThat(TimeHooks.nanoTime() - nanos).isEqualTo(1_234_000_000L);
        assertThat(TimeHooks.currentTimeMillis() - millis).isEqualTo(1_234);
        assertThat(domain.instant()).isEqualTo(Instant.parse("2030-01-01T00:00:01.234000500Z"));
        long offset = domain.instant().getEpochSecond() - 100;
        assertThat(domain.nanoTimeAdjustment(offset)).isEqualTo(100_234_000_500L);
        assertThat(domain.nanoTimeAdjustment(offset - (1L << 33))).isEqualTo(-1); // out of the VM's range
    }

    /**
     * The first virtual thread an instant wakes is let go before the rest of that instant has fired; it must still
     * see the instant it was woken at, and its next sleep must not end before every member woken with it has run.
     * Platform threads (and JDK 17) check the same with every wake-up after the lock.
     */
    @Test
    void section5_everyMemberWokenAtAnInstantRunsBeforeTheClockMovesOnThoughTheFirstIsLetGoEarly() throws Exception {
        everyMemberWokenAtAnInstantRunsBeforeTheClockMovesOn(false);
        if (TestMembers.virtualThreadsAvailable()) {
            everyMemberWokenAtAnInstantRunsBeforeTheClockMovesOn(true);
        }
    }

    private void everyMemberWokenAtAnInstantRunsBeforeTheClockMovesOn(boolean virtual) throws Exception {
        open();
        int members = 16;
        int rounds = 40;
        long t0 = TimeHooks.nanoTime();
        AtomicLong[] ranAt = new AtomicLong[rounds];
        for (int r = 0; r < rounds; r++) {
            ranAt[r] = new AtomicLong();
        }
        List<String> wrong = new CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[members];
        for (int i = 0; i < members; i++) {
            threads[i] = TestMembers.start((virtual ? "virtual-" : "member-") + i, () -> {
                for (int r = 0; r < rounds; r++) {
                    TimeHooks.sleep(1); // every member is due at the same instant, round after round
                    long at = elapsedSince(t0);
                    if (at != (r + 1) * 1_000_000L) {
                        wrong.add("round " + r + " woke at " + at);
                    }
                    if (r > 0 && ranAt[r - 1].get() != members) {
                        wrong.add("round " + r + " began with " + ranAt[r - 1].get() + " of round " + (r - 1) + " run");
                    }
                    ranAt[r].incrementAndGet();
                }
            }, virtual);
        }
        for (Thread t : threads) {
            ThreadHooks.join(t);
        }
        assertThat(wrong).as(virtual ? "virtual threads" : "platform threads").isEmpty();
        assertThat(ranAt[rounds - 1].get()).isEqualTo(members);
        assertThat(elapsedSince(t0)).isEqualTo(rounds * 1_000_000L);
        domain.close();
    }

    /**
     * An interrupt that begins while a member is blocked on the domain's lock on its way into a sleep, its flag not
     * yet set when the member gets the lock: the member must wait for the flag outside the lock rather than begin
     * the sleep, or it would count as durably blocked while it is about to run.
     */
    @Test
    void section3_anInterruptBegunWhileAMemberTakesTheLockToSleepIsWaitedForNotGivenUp() throws Exception {
        open();
        long t0 = TimeHooks.nanoTime();
        CountDownLatch go = new CountDownLatch(1);
        List<String> outcome = new CopyOnWriteArrayList<>();
        Thread sleeper = TestMembers.start("sleeper", () -> {
            go.await();
            try {
                TimeHooks.sleep(Duration.ofDays(1).toMillis());
                outcome.add("slept");
            } catch (InterruptedException e) {
                outcome.add("interrupted@" + elapsedSince(t0));
            }
        });
        Member member = Domains.memberOf(sleeper);
        synchronized (domain) {
            go.countDown();
            while (!(sleeper.getState() == Thread.State.BLOCKED && inDomainAwait(sleeper))) {
                Thread.onSpinWait(); // on its way into the sleep, blocked on the domain's lock
            }
            domain.interrupting(member); // begun; the flag is set only below
        }
        while (!spinsForItsInterrupt(sleeper)) {
            synchronized (domain) {
                assertThat(member.state).as("the sleeper's state while its interrupt is in flight")
                        .isNotEqualTo(Member.State.WAITING);
            }
            Thread.yield();
        }
        sleeper.interrupt();
        domain.interrupted(member);
        ThreadHooks.join(sleeper);
        assertThat(outcome).containsExactly("interrupted@0");
    }

    private static boolean inDomainAwait(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(Domain.class.getName()) && e.getMethodName().equals("await")) {
                return true;
            }
        }
        return false;
    }

    private static boolean spinsForItsInterrupt(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("awaitInterruptsDelivered")) {
                return true;
            }
        }
        return false;
    }
}
