package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * virtual-time.md, section 5. 200 members do 10,000 seeded random operations: sleeps, timed parks, unparks and
 * parks passing tokens around a ring, timed waits on a gate that opens at a known instant, hand-offs of sleeping
 * tasks to a pool created outside the domain, tasks scheduled on a shared scheduler, and timed
 * {@code Object.wait}s. Invariants, checked on every operation:
 * <ul>
 *   <li>time never goes backwards, on any thread, across threads;</li>
 *   <li>no sleep returns early (nor late: it ends exactly at its deadline), and no timed park or timed wait
 *       outlives its deadline;</li>
 *   <li>a timed wait on the gate says "opened" exactly when the gate opened before its deadline, at that
 *       instant, and times out exactly at its deadline otherwise;</li>
 *   <li>no wake-up is lost: every token sent is received. A lost unpark would leave its receiver parked
 *       for ever, which the domain reports as a deadlock and fails the test;</li>
 *   <li>a pool hand-off takes exactly the task's sleep (it can never lose a race against the clock), and a
 *       scheduled task runs exactly at its delay, whatever the pools' threads were doing.</li>
 * </ul>
 * Run with {@code -Dstress.repetitions=20} to repeat it with 20 seeds.
 */
class StressTest {

    private static final long FIRST_SEED = 20_261_124L;
    private static final int REPETITIONS = Integer.getInteger("stress.repetitions", 2);
    /** Created outside every domain: a library's pool and scheduler. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2);
    private static final int MEMBERS = 200;
    private static final int OPERATIONS_EACH = 50;
    private static final long GATE_OPENS_NANOS = Duration.ofSeconds(7).toNanos();

    enum Op { SLEEP, TIMED_PARK, SEND, RECEIVE, TIMED_WAIT, POOL_HAND_OFF, SCHEDULED, OBJECT_WAIT }

    static List<Arguments> runs() {
        return ThreadKind.withSeeds(FIRST_SEED, REPETITIONS);
    }

    @ParameterizedTest(name = "{0} threads, seed {1}")
    @MethodSource("runs")
    void tenThousandRandomOperationsKeepEveryInvariant(ThreadKind kind, long seed) {
        kind.assumeAvailable();
        Object[] monitors = new Object[MEMBERS];
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong latestReading = new AtomicLong(Long.MIN_VALUE);
        AtomicInteger operations = new AtomicInteger();
        AtomicInteger[] tokens = new AtomicInteger[MEMBERS];
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        Thread[] members = new Thread[MEMBERS];
        CountDownLatch allStarted = new CountDownLatch(MEMBERS);
        CountDownLatch gate = new CountDownLatch(1);

        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofSeconds(2)).start()) {
            long origin = System.nanoTime();
            Thread opener = kind.start("gate-opener", () -> {
                sleepNanos(GATE_OPENS_NANOS);
                gate.countDown();
            });
            for (int i = 0; i < MEMBERS; i++) {
                tokens[i] = new AtomicInteger();
                monitors[i] = new Object();
            }
            List<List<Op>> plans = plans(seed);
            for (int i = 0; i < MEMBERS; i++) {
                int me = i;
                List<Op> plan = plans.get(i);
                Random random = new Random(seed * 7 + i);
                members[i] = kind.start("member-" + i, () -> {
                    allStarted.countDown();
                    await(allStarted); // every member's Thread object exists before anyone unparks it
                    for (Op op : plan) {
                        long before = read(latestReading, violations);
                        switch (op) {
                            case SLEEP: {
                                long nanos = TimeUnit.MILLISECONDS.toNanos(1 + random.nextInt(500));
                                sleepNanos(nanos);
                                long took = read(latestReading, violations) - before;
                                check(took == nanos, violations, "sleep of " + nanos + " took " + took);
                                break;
                            }
                            case TIMED_PARK: {
                                long nanos = TimeUnit.MILLISECONDS.toNanos(1 + random.nextInt(500));
                                LockSupport.parkNanos(nanos);
                                long took = read(latestReading, violations) - before;
                                check(took <= nanos, violations, "parkNanos(" + nanos + ") took " + took);
                                break;
                            }
                            case SEND: {
                                int next = (me + 1) % MEMBERS;
                                tokens[next].incrementAndGet();
                                sent.incrementAndGet();
                                LockSupport.unpark(members[next]);
                                break;
                            }
                            case RECEIVE: {
                                while (tokens[me].get() == 0) {
                                    LockSupport.park(tokens[me]);
                                }
                                tokens[me].decrementAndGet();
                                received.incrementAndGet();
                                break;
                            }
                            case POOL_HAND_OFF: {
                                long nanos = TimeUnit.MILLISECONDS.toNanos(random.nextInt(500));
                                long ranAt = getNow(POOL.submit(() -> {
                                    sleepNanos(nanos);
                                    return System.nanoTime();
                                }));
                                long took = read(latestReading, violations) - before;
                                check(took == nanos && ranAt == before + nanos, violations,
                                        "a hand-off sleeping " + nanos + " took " + took);
                                break;
                            }
                            case SCHEDULED: {
                                long nanos = TimeUnit.MILLISECONDS.toNanos(random.nextInt(500));
                                long ranAt = getNow(SCHEDULER.schedule(System::nanoTime, nanos, TimeUnit.NANOSECONDS));
                                long took = read(latestReading, violations) - before;
                                check(ranAt - before == nanos && took == nanos, violations,
                                        "a task scheduled in " + nanos + " ran after " + (ranAt - before));
                                break;
                            }
                            case OBJECT_WAIT: {
                                long millis = 1 + random.nextInt(500);
                                synchronized (monitors[me]) {
                                    try {
                                        monitors[me].wait(millis);
                                    } catch (InterruptedException e) {
                                        throw new AssertionError(e);
                                    }
                                }
                                long took = read(latestReading, violations) - before;
                                check(took == TimeUnit.MILLISECONDS.toNanos(millis), violations,
                                        "wait(" + millis + ") took " + took);
                                break;
                            }
                            default: {
                                long nanos = TimeUnit.MILLISECONDS.toNanos(1 + random.nextInt(3_000)) + 1_000;
                                long start = before - origin;
                                boolean opened = awaitGate(gate, nanos);
                                long took = read(latestReading, violations) - before;
                                long openIn = Math.max(0, GATE_OPENS_NANOS - start);
                                if (opened) {
                                    check(openIn <= nanos && took == openIn, violations, "wait from " + start
                                            + " for " + nanos + " said opened after " + took);
                                } else {
                                    check(openIn >= nanos && took == nanos, violations, "wait from " + start
                                            + " for " + nanos + " timed out after " + took);
                                }
                            }
                        }
                        operations.incrementAndGet();
                    }
                });
            }
            join(members);
            join(opener);
        }

        assertThat(violations).as("invariant violations (first ones shown)").isEmpty();
        assertThat(operations.get()).isEqualTo(MEMBERS * OPERATIONS_EACH);
        assertThat(received.get()).as("tokens received").isEqualTo(sent.get() - leftOver(tokens));
        assertThat(sent.get()).isGreaterThan(1_000);
    }

    /**
     * Every member's operations. A member never receives more than it has sent so far, and never more in
     * all than its predecessor sends in all: then the only way a receiver can wait for ever is a lost
     * wake-up. (Were a predecessor to finish having sent too few tokens, its successor would wait for ever
     * by design.)
     */
    private static List<List<Op>> plans(long seed) {
        List<List<Op>> plans = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            plans.add(plan(new Random(seed + i)));
        }
        for (int i = 0; i < MEMBERS; i++) {
            long predecessorSends = plans.get((i + MEMBERS - 1) % MEMBERS).stream().filter(op -> op == Op.SEND).count();
            List<Op> plan = plans.get(i);
            long receives = 0;
            for (int k = 0; k < plan.size(); k++) {
                if (plan.get(k) == Op.RECEIVE && ++receives > predecessorSends) {
                    plan.set(k, Op.SLEEP);
                }
            }
        }
        return plans;
    }

    /** One member's operations; every prefix has at least as many sends as receives. */
    private static List<Op> plan(Random random) {
        List<Op> ops = new ArrayList<>();
        int sends = 0;
        int receives = 0;
        Op[] kinds = Op.values();
        for (int k = 0; k < OPERATIONS_EACH; k++) {
            Op op = kinds[random.nextInt(kinds.length)];
            if (op == Op.RECEIVE && receives == sends) {
                op = Op.SEND;
            }
            if (op == Op.SEND) {
                sends++;
            } else if (op == Op.RECEIVE) {
                receives++;
            }
            ops.add(op);
        }
        return ops;
    }

    /** Reads the clock and checks that no thread has seen a later reading before this one. */
    private static long read(AtomicLong latest, Queue<String> violations) {
        long previous = latest.get();
        long now = System.nanoTime();
        check(now - previous >= 0 || previous == Long.MIN_VALUE, violations,
                "time went backwards: " + now + " after " + previous);
        latest.accumulateAndGet(now, Math::max);
        return now;
    }

    private static void check(boolean holds, Queue<String> violations, String violation) {
        if (!holds && violations.size() < 20) {
            violations.add(Thread.currentThread().getName() + ": " + violation);
        }
    }

    private static int leftOver(AtomicInteger[] tokens) {
        int sum = 0;
        for (AtomicInteger t : tokens) {
            sum += t.get();
        }
        return sum;
    }

    private static boolean awaitGate(CountDownLatch gate, long nanos) {
        try {
            return gate.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static long getNow(Future<Long> f) {
        try {
            return f.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void join(Thread... threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
