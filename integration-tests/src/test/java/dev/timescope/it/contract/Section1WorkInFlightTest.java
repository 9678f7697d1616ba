package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.VirtualClock;
import dev.timescope.internal.hooks.EarlyPoolWorkers;
import dev.timescope.it.Sleeps;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * virtual-time.md, section 1, "Work in flight" and pool workers: a task a member hands to any executor carries
 * its domain, whoever created the pool and whenever; it counts as runnable from the submit until it ends, so the
 * clock never moves while it waits in a queue; the pool's thread belongs to the domain only while it runs it.
 */
class Section1WorkInFlightTest {

    private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");

    /** A pool created outside every domain (a static field, a library singleton) serves every test's domain. */
    private static final ExecutorService SHARED = Executors.newFixedThreadPool(2);

    @Test
    void aTaskOnAPoolCreatedOutsideTheDomainRunsOnTheVirtualClock() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            Future<Instant> done = SHARED.submit(() -> {
                Thread.sleep(Duration.ofHours(1).toMillis());
                return Instant.now();
            });
            assertThat(done.get()).isEqualTo(START.plus(Duration.ofHours(1)));
            assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void supplyAsyncOnTheCommonPoolAndATimedGet() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            CompletableFuture<String> quick = CompletableFuture.supplyAsync(() -> {
                Sleeps.sleep(Duration.ofSeconds(2));
                return "quick";
            });
            assertThat(quick.get(5, TimeUnit.SECONDS)).isEqualTo("quick");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));

            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
                Sleeps.sleep(Duration.ofSeconds(10));
                return "slow";
            });
            assertThatThrownBy(() -> slow.get(5, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(7));
            assertThat(slow.join()).isEqualTo("slow");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(12));
        }
    }

    @Test
    void asyncStagesCarryTheDomainFromStageToStage() {
        try (VirtualClock clock = VirtualClock.start()) {
            List<Duration> seen = new CopyOnWriteArrayList<>();
            String result = CompletableFuture.supplyAsync(() -> {
                Sleeps.sleep(Duration.ofSeconds(1));
                seen.add(clock.elapsed());
                return "a";
            }).thenApplyAsync(s -> {
                Sleeps.sleep(Duration.ofSeconds(2));
                seen.add(clock.elapsed());
                return s + "b";
            }).thenCombineAsync(CompletableFuture.supplyAsync(() -> {
                Sleeps.sleep(Duration.ofSeconds(5));
                return "c";
            }, SHARED), String::concat).join(); // on a pool of its own: the common pool may have one thread
            assertThat(result).isEqualTo("abc");
            assertThat(seen).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void theCommonPoolAndForkFromOutsideIt() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            assertThat(ForkJoinPool.commonPool().submit(() -> sleepAndRead(clock, 3)).get())
                    .isEqualTo(Duration.ofSeconds(3));
            assertThat(new SleepySum(2, 2).fork().join()).isEqualTo(2); // fork() from a non-worker: the common pool
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void forkJoinTasksForkedAndJoinedInsideAPool() {
        ForkJoinPool pool = new ForkJoinPool(8); // enough threads for every leaf: the same on every machine
        try (VirtualClock clock = VirtualClock.start()) {
            assertThat(pool.invoke(new SleepySum(1, 8))).isEqualTo(36);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(8)); // the longest leaf sleeps 8 s
        } finally {
            pool.shutdown();
        }
    }

    /** Sums {@code from..to}, each leaf sleeping its own value in seconds. */
    private static final class SleepySum extends RecursiveTask<Integer> {
        private static final long serialVersionUID = 1L;

        private final int from;
        private final int to;

        SleepySum(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected Integer compute() {
            if (from == to) {
                Sleeps.sleep(Duration.ofSeconds(from));
                return from;
            }
            int mid = (from + to) / 2;
            SleepySum left = new SleepySum(from, mid);
            left.fork();
            int right = new SleepySum(mid + 1, to).compute();
            return left.join() + right;
        }
    }

    @Test
    void executorsWrappersAndVirtualThreadExecutors() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ExecutorService single = Executors.unconfigurableExecutorService(Executors.newSingleThreadExecutor());
            List<Callable<Duration>> calls = List.of(() -> sleepAndRead(clock, 1), () -> sleepAndRead(clock, 2));
            List<Duration> at = new ArrayList<>();
            for (Future<Duration> f : single.invokeAll(calls)) {
                at.add(f.get());
            }
            assertThat(at).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3)); // one thread: in turn
            single.shutdown();
            assertThat(single.awaitTermination(1, TimeUnit.DAYS)).isTrue();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
        }
    }

    private static Duration sleepAndRead(VirtualClock clock, int seconds) throws InterruptedException {
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        return clock.elapsed();
    }

    @Test
    void aTaskQueuedBehindABusyPoolWaitsForItsThreadAsInRealTime() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ExecutorService one = Executors.newSingleThreadExecutor();
            Future<Duration> first = one.submit(() -> sleepAndRead(clock, 5));
            Future<Duration> second = one.submit(() -> sleepAndRead(clock, 5)); // queued behind the sleeper
            assertThat(second.get()).isEqualTo(Duration.ofSeconds(10));
            assertThat(first.get()).isEqualTo(Duration.ofSeconds(5));
            one.shutdown();
            assertThat(one.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    /**
     * The agent names the pool threads that were already in their worker loop when it rewrote the JDK (their loop
     * keeps the old code); one named there whose loop is the rewritten one after all (it entered it just after the
     * rewrite) runs each task once, as any worker, and is forgotten at its first.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS) // a run counted twice or never ended would hold the clock for ever
    void aPoolThreadTakenForAnOlderLoopRunsEachTaskOnce() throws Exception {
        ExecutorService one = Executors.newFixedThreadPool(1);
        try {
            Thread worker = one.submit(Thread::currentThread).get(); // outside every domain
            EarlyPoolWorkers.found(List.of(worker));
            assertThat(EarlyPoolWorkers.isEarly(worker)).isTrue();
            try (VirtualClock clock = VirtualClock.start()) {
                Future<Duration> first = one.submit(() -> sleepAndRead(clock, 60));
                Future<Duration> second = one.submit(() -> sleepAndRead(clock, 60));
                assertThat(first.get()).isEqualTo(Duration.ofMinutes(1));
                assertThat(second.get()).isEqualTo(Duration.ofMinutes(2));
                assertThat(EarlyPoolWorkers.isEarly(worker)).as("forgotten at its first task").isFalse();
                Thread.sleep(Duration.ofMinutes(1).toMillis()); // nothing left holds the clock
                assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(3));
            }
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS) // a task still counted would hold the clock for ever
    void aCancelledOrDrainedTaskStopsCountingAtOnce() throws Exception {
        ThreadPoolExecutor one = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        one.execute(() -> { // outside every domain: the pool's only thread is busy in real time
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        try (VirtualClock clock = VirtualClock.start()) {
            Future<?> queued = one.submit(() -> { }); // work in flight: it holds the clock while queued
            queued.cancel(false);
            Thread.sleep(1_000); // cancelled, it holds it no longer
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));

            one.execute(() -> { });
            assertThat(one.shutdownNow()).hasSize(2); // the cancelled future and the runnable, drained
            Thread.sleep(1_000);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
        } finally {
            release.countDown();
        }
        assertThat(one.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @RepeatedTest(100)
    void aHandOffToAPoolNeverLosesTheRaceAgainstTheClock() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            CountDownLatch handedOff = new CountDownLatch(1);
            SHARED.execute(handedOff::countDown);
            // The task may not have started yet: it is work in flight, so the 5 s cannot pass before it runs.
            assertThat(handedOff.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(clock.elapsed()).isZero();
        }
    }

    @RepeatedTest(50)
    void aTimeoutDeliveredThroughTheCommonPoolArrivesExactly() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            Thread sleeper = Thread.currentThread();
            CompletableFuture.runAsync(sleeper::interrupt, CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS));
            assertThatThrownBy(() -> Thread.sleep(Duration.ofHours(1).toMillis())).isInstanceOf(InterruptedException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    /**
     * A pool created in {@code @BeforeAll}, outside every domain, serves two tests, each in its own domain: its
     * threads, started lazily by the first test, are never members of that test's domain, so no test leaks them
     * and the second test's tasks run on its own clock.
     */
    @Nested
    @VirtualTime
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class APoolCreatedInBeforeAll {

        private ExecutorService pool;

        @BeforeAll
        void createPool() {
            pool = Executors.newCachedThreadPool();
        }

        @AfterAll
        void shutDownPool() {
            pool.shutdownNow();
        }

        @Test
        void servesTheFirstTest(VirtualClock clock) throws Exception {
            assertThat(pool.submit(() -> sleepAndRead(clock, 30)).get()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void servesTheSecondTest(VirtualClock clock) throws Exception {
            assertThat(pool.submit(() -> sleepAndRead(clock, 45)).get()).isEqualTo(Duration.ofSeconds(45));
        }
    }

    @Nested
    class APoolStartedLazilyByAnEarlierTestIsNoLeak {

        @Test
        void itsThreadsAreIdlePoolWorkersNotMembers() throws Exception {
            ExecutorService lazy = Executors.newFixedThreadPool(1);
            try (VirtualClock clock = VirtualClock.start()) {
                assertThat(lazy.submit(() -> sleepAndRead(clock, 1)).get()).isEqualTo(Duration.ofSeconds(1));
            } // would throw LeakedThreadsError if the worker the submit started were a member
            try (VirtualClock clock = VirtualClock.start()) {
                assertThat(lazy.submit(() -> sleepAndRead(clock, 2)).get()).isEqualTo(Duration.ofSeconds(2));
            }
            lazy.shutdown();
        }
    }
}
