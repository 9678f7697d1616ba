package dev.timescope.it.libraries;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Caffeine 3.2.3 caches, built the way users build them (no {@code Ticker} injection, no fake ticker), expire,
 * refresh and evict at exact virtual times. Caffeine reads time through its system ticker
 * ({@code System.nanoTime()}, virtual for the test's threads: virtual-time.md, section 2); its maintenance, its
 * asynchronous refreshes and its removal notifications run on its default executor, the common
 * {@code ForkJoinPool}, as work the test handed to a pool (section 1, "Member"); its system scheduler is a
 * {@code CompletableFuture.delayedExecutor}, a timer of the domain wherever the JDK keeps it (section 1, "Timer";
 * section 3.1, auto-advance; section 3.2, a clock moved by hand).
 *
 * <p>Caffeine keeps an entry's write time with its lowest bit cleared (the bit marks a refresh in flight), so an
 * entry written when {@code System.nanoTime()} is odd expires one nanosecond before its time-to-live. The
 * nanosecond-exact tests read {@code System.nanoTime()} just before the write (no virtual time passes between
 * the two readings) and account for that bit.
 */
@VirtualTime
@Timeout(30) // a real-time safety net (virtual-time.md, section 5): a hang fails the test instead of the build
class CaffeineTest {

    /** An executor and a scheduler an application creates once, outside every test's domain. */
    private static ExecutorService sharedExecutor;
    private static ScheduledExecutorService sharedScheduler;

    @BeforeAll
    static void createSharedExecutors() {
        sharedExecutor = Executors.newSingleThreadExecutor(r -> new Thread(r, "shared-executor"));
        sharedScheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "shared-scheduler"));
    }

    @AfterAll
    static void shutDownSharedExecutors() throws InterruptedException {
        sharedExecutor.shutdown();
        sharedScheduler.shutdown();
        assertThat(sharedExecutor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sharedScheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static final Duration TTL = Duration.ofMinutes(10);

    @Test
    void expireAfterWriteEntryIsPresentOneMillisecondBeforeItsTtlAndGoneAtIt(VirtualClock clock) throws Exception {
        Cache<String, String> cache = Caffeine.newBuilder().expireAfterWrite(TTL).build();
        cache.put("user:1", "Ada");

        Thread.sleep(TTL.minusMillis(1).toMillis());
        assertThat(cache.getIfPresent("user:1")).isEqualTo("Ada");
        Thread.sleep(1);
        assertThat(cache.getIfPresent("user:1")).isNull();

        assertThat(clock.elapsed()).isEqualTo(TTL);
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    @VirtualTime(autoAdvance = false)
    void withManualTimeAnEntryExpiresWhenTheTestAdvancesTheClockPastItsTtl(VirtualClock clock) {
        Cache<String, String> cache = Caffeine.newBuilder().expireAfterWrite(TTL).build();
        cache.put("user:1", "Ada");

        clock.advance(TTL.minusMillis(1));
        assertThat(cache.getIfPresent("user:1")).isEqualTo("Ada");
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.getIfPresent("user:1")).isNull();
        cache.cleanUp();
    }

    @Test
    void expireAfterWriteIsExactToTheNanosecond(VirtualClock clock) throws Exception {
        Cache<String, String> cache = Caffeine.newBuilder().expireAfterWrite(TTL).build();
        long writtenAt = System.nanoTime();
        cache.put("user:1", "Ada");
        Duration lifetime = TTL.minusNanos(writtenAt & 1L); // see the class comment: the write time's lowest bit

        NANOSECONDS.sleep(lifetime.toNanos() - 1);
        assertThat(cache.getIfPresent("user:1")).isEqualTo("Ada");
        NANOSECONDS.sleep(1);
        assertThat(cache.getIfPresent("user:1")).isNull();

        assertThat(clock.elapsed()).isEqualTo(lifetime);
        cache.cleanUp();
    }

    @Test
    void expireAfterAccessRestartsAtEveryReadAndIsExactToTheNanosecond(VirtualClock clock) throws Exception {
        Cache<String, String> cache = Caffeine.newBuilder().expireAfterAccess(TTL).build();
        cache.put("session", "open");

        NANOSECONDS.sleep(TTL.toNanos() - 1);
        assertThat(cache.getIfPresent("session")).isEqualTo("open"); // read at TTL - 1 ns: a new TTL starts
        NANOSECONDS.sleep(TTL.toNanos() - 1);
        assertThat(cache.getIfPresent("session")).isEqualTo("open");
        NANOSECONDS.sleep(TTL.toNanos());
        assertThat(cache.getIfPresent("session")).isNull();

        assertThat(clock.elapsed()).isEqualTo(TTL.multipliedBy(3).minusNanos(2));
        cache.cleanUp();
    }

    @Test
    void expireAfterAccessEntryIsGoneOneTtlAfterItsLastRead(VirtualClock clock) throws Exception {
        Cache<String, String> cache = Caffeine.newBuilder().expireAfterAccess(Duration.ofSeconds(30)).build();
        cache.put("session", "open");

        Thread.sleep(20_000);
        assertThat(cache.getIfPresent("session")).isEqualTo("open"); // last read at 20 s
        Thread.sleep(29_999);
        assertThat(cache.getIfPresent("session")).isEqualTo("open"); // last read at 49.999 s
        Thread.sleep(30_000);
        assertThat(cache.getIfPresent("session")).isNull();

        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(79_999));
        cache.cleanUp();
    }

    /**
     * The loader takes 2 s. The first value is loaded on the test's thread (0 s to 2 s). A read more than a minute
     * after that write returns the old value at once and starts a reload on Caffeine's default executor, the common
     * pool ({@code CacheLoader.asyncReload}: {@code CompletableFuture.supplyAsync}); the reload sleeps its 2 s there
     * and the new value replaces the old one 2 s after the read.
     */
    @Test
    void refreshAfterWriteReloadsOnTheCommonPoolAndTheNewValueLandsAtTheExactTime(VirtualClock clock)
            throws Exception {
        AtomicInteger loads = new AtomicInteger();
        Instant start = clock.instant();
        AtomicReference<Instant> replacedAt = new AtomicReference<>();
        AtomicReference<String> reloadThread = new AtomicReference<>();
        CountDownLatch replaced = new CountDownLatch(1);
        LoadingCache<String, String> cache = Caffeine.newBuilder()
                .refreshAfterWrite(Duration.ofMinutes(1))
                .removalListener((String key, String value, RemovalCause cause) -> {
                    if (cause == RemovalCause.REPLACED) {
                        replacedAt.set(Instant.now());
                        replaced.countDown();
                    }
                })
                .build(key -> {
                    Thread.sleep(2_000);
                    if (loads.get() > 0) {
                        reloadThread.set(Thread.currentThread().getName());
                    }
                    return key + "#" + loads.incrementAndGet();
                });

        assertThat(cache.get("config")).isEqualTo("config#1");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));

        Thread.sleep(59_999); // 59.999 s after the write: not yet due for refresh
        assertThat(cache.get("config")).isEqualTo("config#1");
        Thread.sleep(2);      // 60.001 s after the write: due (Caffeine refreshes strictly after the period)
        assertThat(cache.get("config")).isEqualTo("config#1"); // stale value served, reload started
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(62_001));

        replaced.await();
        assertThat(replacedAt.get()).isEqualTo(start.plusMillis(64_001));
        assertThat(cache.getIfPresent("config")).isEqualTo("config#2");
        assertThat(loads.get()).isEqualTo(2);
        // Off the test's thread: a common-pool worker, or, where the common pool has a parallelism of 1 (two CPUs),
        // the new thread per task that CompletableFuture.supplyAsync uses instead of it.
        assertThat(reloadThread.get()).isNotEqualTo(Thread.currentThread().getName());
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(64_001));
    }

    /**
     * Caffeine's system scheduler is {@code CompletableFuture.delayedExecutor(delay, executor)}: on JDK 17 a task
     * on the JDK's shared delayer thread, on JDK 25 a task of the common pool's delay scheduler, which runs it
     * itself and hands the maintenance to the common pool. Either way the maintenance, and the removal listener
     * it notifies, must run on the test's virtual clock.
     */
    @Test
    void systemSchedulerEvictsAndNotifiesTheRemovalListenerAtTheExactExpiry(VirtualClock clock) throws Exception {
        Instant start = clock.instant();
        AtomicReference<Instant> notifiedAt = new AtomicReference<>();
        AtomicReference<RemovalCause> notifiedCause = new AtomicReference<>();
        CountDownLatch notified = new CountDownLatch(1);
        Cache<String, String> cache = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(30))
                .scheduler(Scheduler.systemScheduler())
                .removalListener((String key, String value, RemovalCause cause) -> {
                    notifiedAt.set(Instant.now());
                    notifiedCause.set(cause);
                    notified.countDown();
                })
                .build();
        long writtenAt = System.nanoTime();
        cache.put("token", "abc");
        Duration lifetime = Duration.ofSeconds(30).minusNanos(writtenAt & 1L);

        notified.await(); // nobody reads the cache: only the scheduler can evict the entry

        assertThat(notifiedCause.get()).isEqualTo(RemovalCause.EXPIRED);
        assertThat(notifiedAt.get()).isEqualTo(start.plus(lifetime));
        assertThat(clock.elapsed()).isEqualTo(lifetime);
        assertThat(cache.estimatedSize()).isZero();
    }

    /** The maintenance run by the first scheduled task schedules the second one (Caffeine's {@code Pacer}). */
    @Test
    void systemSchedulerEvictsEntriesWrittenAtDifferentTimesEachAtItsOwnExpiry(VirtualClock clock) throws Exception {
        Instant start = clock.instant();
        java.util.List<String> evictions = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch bothEvicted = new CountDownLatch(2);
        Cache<String, String> cache = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(5))
                .scheduler(Scheduler.systemScheduler())
                .removalListener((String key, String value, RemovalCause cause) -> {
                    evictions.add(key + " " + cause + " at " + Duration.between(start, Instant.now()).toMillis() + " ms");
                    bothEvicted.countDown();
                })
                .build();
        // Printed in whole milliseconds, truncated: an entry written at an odd System.nanoTime() expires 1 ns early.
        cache.put("a", "1");
        Thread.sleep(Duration.ofMinutes(2).toMillis());
        cache.put("b", "2");

        bothEvicted.await();

        assertThat(evictions).hasSize(2);
        assertThat(evictions.get(0)).isIn("a EXPIRED at 299999 ms", "a EXPIRED at 300000 ms");
        assertThat(evictions.get(1)).isIn("b EXPIRED at 419999 ms", "b EXPIRED at 420000 ms");
    }

    @Test
    void anExecutorAndSchedulerCreatedInBeforeAllEvictAtTheExactExpiry(VirtualClock clock) throws Exception {
        AtomicReference<String> notified = new AtomicReference<>();
        CountDownLatch evicted = new CountDownLatch(1);
        Cache<String, String> cache = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(3))
                .executor(sharedExecutor)
                .scheduler(Scheduler.forScheduledExecutorService(sharedScheduler))
                .removalListener((String key, String value, RemovalCause cause) -> {
                    notified.set(key + " " + cause + " at " + clock.elapsed().toNanos() + " ns on "
                            + Thread.currentThread().getName());
                    evicted.countDown();
                })
                .build();
        cache.put("session", "open");
        Thread.sleep(Duration.ofMinutes(1).toMillis());
        assertThat(cache.getIfPresent("session")).isEqualTo("open"); // last access at 1 min

        evicted.await();

        assertThat(notified.get()).isEqualTo("session EXPIRED at " + Duration.ofMinutes(4).toNanos()
                + " ns on shared-executor");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(4));
    }
}
