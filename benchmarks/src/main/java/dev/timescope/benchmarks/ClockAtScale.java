package dev.timescope.benchmarks;

import dev.timescope.VirtualClock;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The virtual clock with many members, timed whole, against the same workloads on Reactor's
 * {@code VirtualTimeScheduler}, a single-threaded virtual-time scheduler, as the reference:
 * <ul>
 *   <li>one member's sleeps per second;</li>
 *   <li>1,000 platform threads x 100 random sleeps (1-1000 ms);</li>
 *   <li>1,000 and 10,000 virtual threads x 100 random sleeps (JDK 21 and later);</li>
 *   <li>100,000 tasks scheduled with random delays on a {@code ScheduledExecutorService}.</li>
 * </ul>
 * On Reactor a thread of sleeps is a chain of delayed tasks, each scheduling the next; the scheduled tasks are
 * the same delays on its {@code schedule}. Each workload runs {@code --warmups} times, then {@code --runs}
 * times; printed: the median and the range of the wall-clock time of a run, sleeps (or tasks) per second of
 * that median, and the median CPU time the whole process spent in a run (all threads, the JVM's own included),
 * which a machine shared with other work disturbs less than the wall-clock time.
 * Every run checks that the clock ended where the longest member did, so that a fast wrong answer cannot pass.
 *
 * <pre>
 * java -javaagent:agent/target/timescope-agent-0.1.0-SNAPSHOT.jar \
 *     -cp benchmarks/target/benchmarks.jar dev.timescope.benchmarks.ClockAtScale [--runs 5] [--warmups 2]
 * </pre>
 */
public final class ClockAtScale {

    private static final int SLEEPS_EACH = 100;
    private static final int ONE_MEMBER_SLEEPS = 1_000_000;
    private static final int SCHEDULED_TASKS = 100_000;

    private ClockAtScale() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int warmups = 2;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs") && i + 1 < args.length) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--warmups") && i + 1 < args.length) {
                warmups = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--only") && i + 1 < args.length) {
                only = args[++i];
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; valid: --runs N, --warmups N, --only NAME-PREFIX");
            }
        }
        System.out.printf(Locale.ROOT, "JDK %s, %d processors, %d warm-up and %d measured runs each%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), warmups, runs);
        boolean virtual = startVirtual() != null;
        List<Workload> workloads = new ArrayList<>();
        workloads.add(new Workload("one member, sleeps", ONE_MEMBER_SLEEPS, () -> oneMember(ONE_MEMBER_SLEEPS),
                () -> reactorChains(1, ONE_MEMBER_SLEEPS)));
        workloads.add(new Workload("1,000 platform threads x 100 sleeps", 1_000 * SLEEPS_EACH,
                () -> threads(1_000, false), () -> reactorChains(1_000, SLEEPS_EACH)));
        if (virtual) {
            workloads.add(new Workload("1,000 virtual threads x 100 sleeps", 1_000 * SLEEPS_EACH,
                    () -> threads(1_000, true), () -> reactorChains(1_000, SLEEPS_EACH)));
            workloads.add(new Workload("10,000 virtual threads x 100 sleeps", 10_000 * SLEEPS_EACH,
                    () -> threads(10_000, true), () -> reactorChains(10_000, SLEEPS_EACH)));
        }
        workloads.add(new Workload("100,000 scheduled tasks", SCHEDULED_TASKS, ClockAtScale::scheduledTasks,
                ClockAtScale::reactorScheduled));
        System.out.printf(Locale.ROOT, "%-40s %-10s %12s %22s %16s %12s%n", "workload", "on", "median ms", "range ms",
                "per second", "CPU ms");
        for (Workload w : workloads) {
            if (only != null && !w.name.startsWith(only)) {
                continue;
            }
            report(w.name, "timescope", w.operations, measure(w.timescope, warmups, runs));
            report(w.name, "Reactor", w.operations, measure(w.reactor, warmups, runs));
        }
    }

    private static final class Workload {
        final String name;
        final long operations;
        final Run timescope;
        final Run reactor;

        Workload(String name, long operations, Run timescope, Run reactor) {
            this.name = name;
            this.operations = operations;
            this.timescope = timescope;
            this.reactor = reactor;
        }
    }

    @FunctionalInterface
    private interface Run {
        void run() throws Exception;
    }

    /** Wall-clock nanoseconds of each run, sorted, then CPU nanoseconds of each run, sorted. */
    private static long[][] measure(Run run, int warmups, int runs) throws Exception {
        for (int i = 0; i < warmups; i++) {
            run.run();
        }
        long[] nanos = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            System.gc();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            run.run();
            nanos[i] = System.nanoTime() - start;
            cpu[i] = processCpuNanos() - cpuStart;
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        return new long[][] {nanos, cpu};
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    private static void report(String name, String on, long operations, long[][] measured) {
        long[] nanos = measured[0];
        double median = nanos[nanos.length / 2] / 1e6;
        System.out.printf(Locale.ROOT, "%-40s %-10s %12.1f %22s %16.0f %12.1f%n", name, on, median,
                String.format(Locale.ROOT, "%.1f-%.1f", nanos[0] / 1e6, nanos[nanos.length - 1] / 1e6),
                operations / (median / 1e3), measured[1][nanos.length / 2] / 1e6);
    }

    // ---------------------------------------------------------------- timescope

    private static void oneMember(int sleeps) throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            long origin = System.nanoTime();
            for (int i = 0; i < sleeps; i++) {
                Thread.sleep(1);
            }
            check(System.nanoTime() - origin, TimeUnit.MILLISECONDS.toNanos(sleeps));
            check(clock.elapsed().toNanos(), TimeUnit.MILLISECONDS.toNanos(sleeps));
        }
    }

    private static void threads(int count, boolean virtual) throws Exception {
        long[][] plans = plans(count);
        long longest = longest(plans);
        try (VirtualClock clock = VirtualClock.start()) {
            long origin = System.nanoTime();
            Thread[] threads = new Thread[count];
            for (int i = 0; i < count; i++) {
                long[] plan = plans[i];
                Runnable body = () -> {
                    for (long millis : plan) {
                        try {
                            Thread.sleep(millis);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                };
                threads[i] = virtual ? (Thread) startVirtual().invoke(null, body) : new Thread(body);
                if (!virtual) {
                    threads[i].start();
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            check(System.nanoTime() - origin, TimeUnit.MILLISECONDS.toNanos(longest));
            check(clock.elapsed().toNanos(), TimeUnit.MILLISECONDS.toNanos(longest));
        }
    }

    private static void scheduledTasks() throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (VirtualClock clock = VirtualClock.start()) {
            Random random = new Random(1);
            CountDownLatch done = new CountDownLatch(SCHEDULED_TASKS);
            long longest = 0;
            long origin = System.nanoTime();
            for (int i = 0; i < SCHEDULED_TASKS; i++) {
                long delay = 1 + random.nextInt(10_000);
                longest = Math.max(longest, delay);
                scheduler.schedule(done::countDown, delay, TimeUnit.MILLISECONDS);
            }
            done.await();
            check(System.nanoTime() - origin, TimeUnit.MILLISECONDS.toNanos(longest));
            check(clock.elapsed().toNanos(), TimeUnit.MILLISECONDS.toNanos(longest));
        } finally {
            scheduler.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- Reactor's VirtualTimeScheduler

    private static void reactorChains(int count, int sleepsEach) {
        VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
        AtomicInteger finished = new AtomicInteger();
        AtomicLong lastFinish = new AtomicLong();
        long longest;
        if (count == 1) {
            long[] plan = new long[sleepsEach];
            Arrays.fill(plan, 1);
            longest = sleepsEach;
            chain(scheduler, plan, 0, finished, lastFinish);
        } else {
            long[][] plans = plans(count);
            longest = longest(plans);
            for (long[] plan : plans) {
                chain(scheduler, plan, 0, finished, lastFinish);
            }
        }
        scheduler.advanceTimeBy(Duration.ofDays(365));
        if (finished.get() != count) {
            throw new IllegalStateException(finished.get() + " of " + count + " chains finished");
        }
        check(TimeUnit.MILLISECONDS.toNanos(lastFinish.get()), TimeUnit.MILLISECONDS.toNanos(longest));
        scheduler.dispose();
    }

    /** One "thread" of sleeps: each delayed task schedules the next. */
    private static void chain(VirtualTimeScheduler scheduler, long[] plan, int next, AtomicInteger finished,
                              AtomicLong lastFinish) {
        if (next == plan.length) {
            finished.incrementAndGet();
            lastFinish.accumulateAndGet(scheduler.now(TimeUnit.MILLISECONDS), Math::max);
            return;
        }
        Disposable unused = scheduler.schedule(() -> chain(scheduler, plan, next + 1, finished, lastFinish),
                plan[next], TimeUnit.MILLISECONDS);
    }

    private static void reactorScheduled() {
        VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
        Random random = new Random(1);
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < SCHEDULED_TASKS; i++) {
            scheduler.schedule(done::incrementAndGet, 1 + random.nextInt(10_000), TimeUnit.MILLISECONDS);
        }
        scheduler.advanceTimeBy(Duration.ofDays(1));
        if (done.get() != SCHEDULED_TASKS) {
            throw new IllegalStateException(done.get() + " of " + SCHEDULED_TASKS + " tasks ran");
        }
        scheduler.dispose();
    }

    // ---------------------------------------------------------------- shared

    /** Seeded: every run and both schedulers sleep the same. */
    private static long[][] plans(int count) {
        Random random = new Random(count);
        long[][] plans = new long[count][SLEEPS_EACH];
        for (long[] plan : plans) {
            for (int k = 0; k < plan.length; k++) {
                plan[k] = 1 + random.nextInt(1_000);
            }
        }
        return plans;
    }

    private static long longest(long[][] plans) {
        long longest = 0;
        for (long[] plan : plans) {
            longest = Math.max(longest, Arrays.stream(plan).sum());
        }
        return longest;
    }

    private static void check(long elapsedNanos, long expectedNanos) {
        if (elapsedNanos != expectedNanos) {
            throw new IllegalStateException("the clock ended at " + elapsedNanos + " ns, expected " + expectedNanos
                    + " ns: is the agent missing? Run with -javaagent:agent/target/timescope-agent-*.jar");
        }
    }

    /** {@code Thread.startVirtualThread}, or null before JDK 21 (this module compiles for 17). */
    private static Method startVirtual() {
        try {
            return Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
