package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.timescope.DeadlockError;
import dev.timescope.LeakPolicy;
import dev.timescope.VirtualClock;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * virtual-time.md, section 4, with seeded random shapes: a member holds a fair and a non-fair lock, a read-write
 * lock's write lock, a {@code StampedLock}'s write lock and a semaphore's one permit, then waits for ever; 1 to 6
 * other members wait for them, each in one of the ways users wait (uninterruptibly or not, as readers or writers);
 * the test thread waits too, for one of them or in a condition's await of a lock of its own (any of the four await
 * methods), until the deadlock is found. Invariants:
 * <ul>
 *   <li>the test thread's wait throws the {@code DeadlockError}; a condition's await throws it with its lock held;</li>
 *   <li>once the clock has closed and interrupted its members, the holder lets go and every member ends: none is
 *       left waiting behind the test thread's wait, which is gone;</li>
 *   <li>then every lock is free, with nobody in its queue.</li>
 * </ul>
 * Run with {@code -Dstress.repetitions=100} to repeat it with 100 seeds.
 */
class Section4FailuresStressTest {

    private static final long FIRST_SEED = 20_261_204L;
    private static final int REPETITIONS = Integer.getInteger("stress.repetitions", 12);

    /** The locks the holder takes, and a lock of the test thread's own for its condition waits. */
    private static final class Locks {
        final ReentrantLock fair = new ReentrantLock(true);
        final ReentrantLock unfair = new ReentrantLock();
        final ReentrantReadWriteLock readWrite = new ReentrantReadWriteLock();
        final StampedLock stamped = new StampedLock();
        final Semaphore permit = new Semaphore(1);
        final ReentrantLock own = new ReentrantLock(true);
        final Condition never = own.newCondition();
    }

    /** A way to wait for a lock the holder has; returns what lets go of it once taken. */
    enum Wait {
        LOCK(false) {
            @Override
            Runnable take(Locks l, Random r) {
                ReentrantLock lock = r.nextBoolean() ? l.fair : l.unfair;
                lock.lock();
                return lock::unlock;
            }
        },
        LOCK_INTERRUPTIBLY(false) {
            @Override
            Runnable take(Locks l, Random r) throws InterruptedException {
                ReentrantLock lock = r.nextBoolean() ? l.fair : l.unfair;
                lock.lockInterruptibly();
                return lock::unlock;
            }
        },
        READ_LOCK(false) {
            @Override
            Runnable take(Locks l, Random r) {
                l.readWrite.readLock().lock();
                return l.readWrite.readLock()::unlock;
            }
        },
        WRITE_LOCK(false) {
            @Override
            Runnable take(Locks l, Random r) {
                l.readWrite.writeLock().lock();
                return l.readWrite.writeLock()::unlock;
            }
        },
        STAMPED_READ(false) {
            @Override
            Runnable take(Locks l, Random r) {
                long stamp = l.stamped.readLock();
                return () -> l.stamped.unlockRead(stamp);
            }
        },
        STAMPED_WRITE(false) {
            @Override
            Runnable take(Locks l, Random r) {
                long stamp = l.stamped.writeLock();
                return () -> l.stamped.unlockWrite(stamp);
            }
        },
        STAMPED_READ_INTERRUPTIBLY(false) {
            @Override
            Runnable take(Locks l, Random r) throws InterruptedException {
                long stamp = l.stamped.readLockInterruptibly();
                return () -> l.stamped.unlockRead(stamp);
            }
        },
        ACQUIRE(false) {
            @Override
            Runnable take(Locks l, Random r) throws InterruptedException {
                l.permit.acquire();
                return l.permit::release;
            }
        },
        ACQUIRE_UNINTERRUPTIBLY(false) {
            @Override
            Runnable take(Locks l, Random r) {
                l.permit.acquireUninterruptibly();
                return l.permit::release;
            }
        },
        AWAIT(true) {
            @Override
            Runnable take(Locks l, Random r) throws InterruptedException {
                l.never.await();
                return () -> { };
            }
        },
        AWAIT_NANOS_FOR_EVER(true) {
            @Override
            Runnable take(Locks l, Random r) throws InterruptedException {
                l.never.awaitNanos(Long.MAX_VALUE);
                return () -> { };
            }
        },
        AWAIT_UNINTERRUPTIBLY(true) {
            @Override
            Runnable take(Locks l, Random r) {
                l.never.awaitUninterruptibly();
                return () -> { };
            }
        };

        /** A condition's await, on the test thread's own lock: for the test thread only (nobody signals it). */
        final boolean condition;

        Wait(boolean condition) {
            this.condition = condition;
        }

        abstract Runnable take(Locks locks, Random random) throws InterruptedException;
    }

    static List<Arguments> runs() {
        return ThreadKind.withSeeds(FIRST_SEED, REPETITIONS);
    }

    @ParameterizedTest(name = "{0} threads, seed {1}")
    @MethodSource("runs")
    void aDeadlockAmongLockWaitsLeavesEveryLockUsable(ThreadKind kind, long seed) throws InterruptedException {
        kind.assumeAvailable();
        Random random = new Random(seed);
        Locks locks = new Locks();
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<Thread> members = new ArrayList<>();
        List<Wait> memberWaits = new ArrayList<>();
        for (Wait w : Wait.values()) {
            if (!w.condition) {
                memberWaits.add(w);
            }
        }
        Wait rootWait = Wait.values()[random.nextInt(Wait.values().length)];
        boolean[] heldOnTheWayOut = new boolean[1];
        Throwable thrown;
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(50))
                .onLeak(LeakPolicy.IGNORE).start()) { // the others are left waiting: interrupted as the clock closes
            CountDownLatch held = new CountDownLatch(1);
            members.add(kind.start("holder", () -> hold(locks, held, unexpected)));
            held.await();
            int waiters = 1 + random.nextInt(6);
            for (int i = 0; i < waiters; i++) {
                Wait w = memberWaits.get(random.nextInt(memberWaits.size()));
                long memberSeed = random.nextLong();
                members.add(kind.start("waiter " + i + " " + w, () -> {
                    try {
                        w.take(locks, new Random(memberSeed)).run();
                    } catch (InterruptedException e) {
                        // the clock closing
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }));
            }
            thrown = catchThrowable(() -> {
                if (rootWait.condition) {
                    locks.own.lock();
                }
                try {
                    rootWait.take(locks, random).run();
                } finally {
                    if (rootWait.condition) {
                        heldOnTheWayOut[0] = locks.own.isHeldByCurrentThread();
                        locks.own.unlock();
                    }
                }
            });
        }
        assertThat(thrown).as("the test thread's %s", rootWait).isInstanceOf(DeadlockError.class);
        if (rootWait.condition) {
            assertThat(heldOnTheWayOut[0]).as("%s comes out with its lock held", rootWait).isTrue();
        }
        for (Thread t : members) {
            t.join(60_000); // a safety bound only: each takes what it waits for once the holder lets go
            assertThat(t.isAlive()).as("%s ended: nobody waits behind a waiter that is gone", t.getName()).isFalse();
        }
        assertThat(unexpected).isEmpty();
        assertThat(locks.fair.isLocked() || locks.fair.hasQueuedThreads()).isFalse();
        assertThat(locks.unfair.isLocked() || locks.unfair.hasQueuedThreads()).isFalse();
        assertThat(locks.own.isLocked() || locks.own.hasQueuedThreads()).isFalse();
        assertThat(locks.readWrite.isWriteLocked() || locks.readWrite.getReadLockCount() > 0
                || locks.readWrite.hasQueuedThreads()).isFalse();
        assertThat(locks.stamped.isWriteLocked() || locks.stamped.isReadLocked()).isFalse();
        assertThat(locks.permit.availablePermits()).isEqualTo(1);
        assertThat(locks.permit.hasQueuedThreads()).isFalse();
    }

    /** Takes every lock but the test thread's own, then waits until interrupted, and lets go of them. */
    private static void hold(Locks l, CountDownLatch held, Queue<Throwable> unexpected) {
        l.fair.lock();
        l.unfair.lock();
        l.readWrite.writeLock().lock();
        long stamp = l.stamped.writeLock();
        l.permit.acquireUninterruptibly();
        try {
            held.countDown();
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // the clock closing: let go of them all
        } catch (Throwable e) {
            unexpected.add(e);
        } finally {
            l.permit.release();
            l.stamped.unlockWrite(stamp);
            l.readWrite.writeLock().unlock();
            l.unfair.unlock();
            l.fair.unlock();
        }
    }
}
