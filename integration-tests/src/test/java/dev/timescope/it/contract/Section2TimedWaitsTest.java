package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.DeadlockError;
import dev.timescope.VirtualClock;
import dev.timescope.it.Signaller;
import dev.timescope.it.Sleeps;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * virtual-time.md, section 2, third and fourth rows: parks, joins and every timed wait of
 * java.util.concurrent end at their virtual deadline, exactly, or earlier when woken.
 */
class Section2TimedWaitsTest {

    /** Runs {@code wait} on a member and returns the virtual time it took. */
    private static Duration timed(ThrowingRunnable wait) throws Exception {
        long t0 = System.nanoTime();
        wait.run();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void parkNanosAndParkUntilEndAtTheirDeadline() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            assertThat(timed(() -> LockSupport.parkNanos(3_000_000_000L))).isEqualTo(Duration.ofSeconds(3));
            assertThat(timed(() -> LockSupport.parkNanos(this, 1_000))).isEqualTo(Duration.ofNanos(1_000));
            long deadline = Instant.parse("2000-01-01T01:00:00Z").toEpochMilli();
            LockSupport.parkUntil(this, deadline);
            assertThat(clock.instant()).isEqualTo(Instant.parse("2000-01-01T01:00:00Z"));
            assertThat(timed(() -> LockSupport.parkUntil(deadline - 1))).isZero(); // already past
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void anUnparkBeforeTheParkIsAPermitThatIsNotLost(ThreadKind kind) throws Exception {
        kind.assumeAvailable();
        try (VirtualClock clock = VirtualClock.start()) {
            java.util.concurrent.atomic.AtomicBoolean unparked = new java.util.concurrent.atomic.AtomicBoolean();
            long[] parkedFor = new long[1];
            Thread parker = kind.start("parker", () -> {
                while (!unparked.get()) {
                    Thread.onSpinWait(); // spin, not park: any park here would use up the permit, as in the JDK
                }
                long t0 = System.nanoTime();
                LockSupport.parkNanos(Duration.ofHours(1).toNanos());
                parkedFor[0] = System.nanoTime() - t0;
            });
            LockSupport.unpark(parker);
            unparked.set(true);
            Sleeps.join(parker);
            assertThat(parkedFor[0]).isZero();
        }
    }

    @Test
    void joinWithATimeoutEndsAtTheDeadlineOrWhenTheThreadEnds() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            Thread tenSeconds = new Thread(() -> Sleeps.sleep(Duration.ofSeconds(10)));
            tenSeconds.start();
            assertThat(timed(() -> tenSeconds.join(4_000))).isEqualTo(Duration.ofSeconds(4));
            assertThat(tenSeconds.isAlive()).isTrue();
            assertThat(timed(() -> tenSeconds.join(60_000))).isEqualTo(Duration.ofSeconds(6));
            assertThat(tenSeconds.isAlive()).isFalse();
            assertThat(timed(tenSeconds::join)).isZero();
        }
    }

    @Test
    void conditionsLatchesSemaphoresAndLocksTimeOutExactly() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ReentrantLock lock = new ReentrantLock();
            Condition never = lock.newCondition();
            lock.lock();
            try {
                assertThat(timed(() -> assertThat(never.awaitNanos(2_000_000_000L)).isLessThanOrEqualTo(0)))
                        .isEqualTo(Duration.ofSeconds(2));
                assertThat(timed(() -> assertThat(never.await(3, TimeUnit.SECONDS)).isFalse()))
                        .isEqualTo(Duration.ofSeconds(3));
                Instant until = clock.instant().plusSeconds(4);
                assertThat(timed(() -> assertThat(never.awaitUntil(java.util.Date.from(until))).isFalse()))
                        .isEqualTo(Duration.ofSeconds(4));
            } finally {
                lock.unlock();
            }
            assertThat(timed(() -> assertThat(new CountDownLatch(1).await(5, TimeUnit.SECONDS)).isFalse()))
                    .isEqualTo(Duration.ofSeconds(5));
            assertThat(timed(() -> assertThat(new Semaphore(0).tryAcquire(6, TimeUnit.SECONDS)).isFalse()))
                    .isEqualTo(Duration.ofSeconds(6));
            assertThat(timed(() -> assertThat(lockHeldElsewhere(new ReentrantLock()).tryLock(7, TimeUnit.SECONDS))
                    .isFalse())).isEqualTo(Duration.ofSeconds(7));
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            Thread writer = holdWriteLock(rw);
            assertThat(timed(() -> assertThat(rw.readLock().tryLock(8, TimeUnit.SECONDS)).isFalse()))
                    .isEqualTo(Duration.ofSeconds(8));
            writer.interrupt();
            Sleeps.join(writer);
            StampedLock stamped = new StampedLock();
            long stamp = stamped.writeLock();
            assertThat(timed(() -> assertThat(stamped.tryReadLock(9, TimeUnit.SECONDS)).isZero()))
                    .isEqualTo(Duration.ofSeconds(9));
            stamped.unlockWrite(stamp);
        }
    }

    @Test
    void queuesTimeOutExactly() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            assertThat(timed(() -> assertThat(new LinkedBlockingQueue<>().poll(1, TimeUnit.SECONDS)).isNull()))
                    .isEqualTo(Duration.ofSeconds(1));
            assertThat(timed(() -> assertThat(new ArrayBlockingQueue<>(1).poll(2, TimeUnit.SECONDS)).isNull()))
                    .isEqualTo(Duration.ofSeconds(2));
            ArrayBlockingQueue<String> full = new ArrayBlockingQueue<>(1);
            full.add("x");
            assertThat(timed(() -> assertThat(full.offer("y", 3, TimeUnit.SECONDS)).isFalse()))
                    .isEqualTo(Duration.ofSeconds(3));
            assertThat(timed(() -> assertThat(new LinkedBlockingDeque<>().pollFirst(4, TimeUnit.SECONDS)).isNull()))
                    .isEqualTo(Duration.ofSeconds(4));
            assertThat(timed(() -> assertThat(new PriorityBlockingQueue<>().poll(5, TimeUnit.SECONDS)).isNull()))
                    .isEqualTo(Duration.ofSeconds(5));
            assertThat(timed(() -> assertThat(new SynchronousQueue<>().poll(6, TimeUnit.SECONDS)).isNull()))
                    .isEqualTo(Duration.ofSeconds(6));
            assertThat(timed(() -> assertThat(new LinkedTransferQueue<>().poll(7, TimeUnit.SECONDS)).isNull()))
                    .isEqualTo(Duration.ofSeconds(7));
            assertThat(timed(() -> assertThat(new LinkedTransferQueue<>().tryTransfer("z", 8, TimeUnit.SECONDS))
                    .isFalse())).isEqualTo(Duration.ofSeconds(8));
        }
    }

    @Test
    void futuresBarriersExchangersAndPhasersTimeOutExactly() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            FutureTask<String> never = new FutureTask<>(() -> "never run");
            assertThat(timed(() -> assertThatThrownBy(() -> never.get(1, TimeUnit.SECONDS))
                    .isInstanceOf(TimeoutException.class))).isEqualTo(Duration.ofSeconds(1));
            CompletableFuture<String> incomplete = new CompletableFuture<>();
            assertThat(timed(() -> assertThatThrownBy(() -> incomplete.get(2, TimeUnit.SECONDS))
                    .isInstanceOf(TimeoutException.class))).isEqualTo(Duration.ofSeconds(2));
            assertThat(timed(() -> assertThatThrownBy(() -> new CyclicBarrier(2).await(3, TimeUnit.SECONDS))
                    .isInstanceOf(TimeoutException.class))).isEqualTo(Duration.ofSeconds(3));
            assertThat(timed(() -> assertThatThrownBy(() -> new Exchanger<String>().exchange("x", 4, TimeUnit.SECONDS))
                    .isInstanceOf(TimeoutException.class))).isEqualTo(Duration.ofSeconds(4));
            Phaser phaser = new Phaser(2);
            int phase = phaser.arrive();
            assertThat(timed(() -> assertThatThrownBy(() -> phaser.awaitAdvanceInterruptibly(phase, 5, TimeUnit.SECONDS))
                    .isInstanceOf(TimeoutException.class))).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void executorsWaitAndTimeOutOnTheVirtualClock() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            var slow = pool.submit(() -> {
                Thread.sleep(Duration.ofMinutes(10).toMillis());
                return "slow";
            });
            assertThat(timed(() -> assertThatThrownBy(() -> slow.get(1, TimeUnit.MINUTES))
                    .isInstanceOf(TimeoutException.class))).isEqualTo(Duration.ofMinutes(1));
            assertThat(timed(() -> assertThat(slow.get(1, TimeUnit.HOURS)).isEqualTo("slow")))
                    .isEqualTo(Duration.ofMinutes(9));
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
            ExecutorService busy = Executors.newSingleThreadExecutor();
            busy.submit(() -> {
                Thread.sleep(Duration.ofHours(2).toMillis());
                return null;
            });
            busy.shutdown();
            assertThat(timed(() -> assertThat(busy.awaitTermination(1, TimeUnit.HOURS)).isFalse()))
                    .isEqualTo(Duration.ofHours(1));
            assertThat(busy.awaitTermination(1, TimeUnit.DAYS)).isTrue();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(10).plusHours(2));
        }
    }

    @Test
    void aScheduledExecutorCreatedInTheDomainFiresAtVirtualTimes() throws Exception {
        java.util.List<String> fired = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (VirtualClock clock = VirtualClock.start()) {
            java.util.concurrent.ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
            scheduler.schedule(() -> fired.add("once@" + clock.elapsed()), 90, TimeUnit.SECONDS);
            var ticks = scheduler.scheduleAtFixedRate(() -> fired.add("tick@" + clock.elapsed()), 0, 1, TimeUnit.MINUTES);
            Thread.sleep(Duration.ofMinutes(3).plusSeconds(30).toMillis());
            ticks.cancel(false);
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(fired).containsExactly("tick@PT0S", "tick@PT1M", "once@PT1M30S", "tick@PT2M", "tick@PT3M");
    }

    @Test
    void aTimedWaitWokenEarlyReturnsAtTheWakingInstant() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            CountDownLatch latch = new CountDownLatch(1);
            Thread opener = new Thread(() -> {
                Sleeps.sleep(Duration.ofSeconds(3));
                latch.countDown();
            });
            opener.start();
            assertThat(timed(() -> assertThat(latch.await(1, TimeUnit.HOURS)).isTrue()))
                    .isEqualTo(Duration.ofSeconds(3));
            Sleeps.join(opener);
        }
    }

    /**
     * A timeout that reaches past the clock's last instant, some 292 years on ({@code Long.MAX_VALUE} nanoseconds, or
     * days, which saturate to it), is no deadline: such a wait ends as an untimed one does, when what it waits for
     * happens, and is reported as a deadlock when nothing can, where jumping to the end of the clock's range would
     * leave a caller that counts from {@code System.nanoTime()} one nanosecond short of its deadline for ever.
     */
    @Test
    void aTimeoutPastTheClocksRangeIsNoDeadline() throws Exception {
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50)).start()) {
            ReentrantLock lock = new ReentrantLock();
            Condition signalled = lock.newCondition();
            Signaller.signalAfter(Duration.ofSeconds(1), lock, signalled);
            lock.lock();
            try {
                long[] left = new long[1];
                assertThat(timed(() -> left[0] = signalled.awaitNanos(Long.MAX_VALUE))).isEqualTo(Duration.ofSeconds(1));
                assertThat(left[0]).isEqualTo(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
            } finally {
                lock.unlock();
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            pool.execute(() -> Sleeps.sleep(Duration.ofHours(1)));
            pool.shutdown();
            assertThat(timed(() -> assertThat(pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS)).isTrue()))
                    .isEqualTo(Duration.ofHours(1));
            assertThatThrownBy(() -> new CountDownLatch(1).await(Long.MAX_VALUE, TimeUnit.NANOSECONDS))
                    .isInstanceOf(DeadlockError.class).hasMessageContaining("no deadline");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1).plusSeconds(1));
        }
        try (VirtualClock clock = VirtualClock.builder().autoAdvance(false).start()) {
            clock.advance(Duration.ofNanos(Long.MAX_VALUE - 1)); // by hand, to the last instant: every deadline has come
            assertThat(timed(() -> Thread.sleep(1))).isZero();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE - 1));
        }
    }

    private static ReentrantLock lockHeldElsewhere(ReentrantLock lock) throws InterruptedException {
        Thread holder = new Thread(lock::lock, "holder");
        holder.start();
        holder.join(); // the holder ends while holding it: the lock stays held
        return lock;
    }

    private static Thread holdWriteLock(ReentrantReadWriteLock rw) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            rw.writeLock().lock();
            held.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                rw.writeLock().unlock();
            }
        }, "writer");
        writer.start();
        held.await();
        return writer;
    }
}
