package dev.timescope.benchmarks;

import dev.timescope.VirtualClock;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
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
 * For the thread workloads a third line, {@code hand-offs}, times the JDK's park and unpark alone, waking the same
 * threads in the order of the same timeline: the least any clock shared by real threads can cost. The first line also
 * gives what one such wake-up costs on the machine: two platform threads handing a turn back and forth with
 * {@code park}/{@code unpark}, the time of one hand-off.
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
        System.out.printf(Locale.ROOT, "one hand-off between two platform threads (park and unpark): %.1f us%n",
                pingPongNanos() / 1e3);
        boolean virtual = startVirtual() != null;
        List<Workload> workloads = new ArrayList<>();
        workloads.add(new Workload("one member, sleeps", ONE_MEMBER_SLEEPS, () -> oneMember(ONE_MEMBER_SLEEPS),
                () -> reactorChains(1, ONE_MEMBER_SLEEPS), null));
        workloads.add(new Workload("1,000 platform threads x 100 sleeps", 1_000 * SLEEPS_EACH,
                () -> threads(1_000, false), () -> reactorChains(1_000, SLEEPS_EACH), () -> handOffs(1_000, false)));
        if (virtual) {
            workloads.add(new Workload("1,000 virtual threads x 100 sleeps", 1_000 * SLEEPS_EACH,
                    () -> threads(1_000, true), () -> reactorChains(1_000, SLEEPS_EACH), () -> handOffs(1_000, true)));
            workloads.add(new Workload("10,000 virtual threads x 100 sleeps", 10_000 * SLEEPS_EACH,
                    () -> threads(10_000, true), () -> reactorChains(10_000, SLEEPS_EACH),
                    () -> handOffs(10_000, true)));
        }
        workloads.add(new Workload("100,000 scheduled tasks", SCHEDULED_TASKS, ClockAtScale::scheduledTasks,
                ClockAtScale::reactorScheduled, null));
        System.out.printf(Locale.ROOT, "%-40s %-10s %12s %22s %16s %12s%n", "workload", "on", "median ms", "range ms",
                "per second", "CPU ms");
        for (Workload w : workloads) {
            if (only != null && !w.name.startsWith(only)) {
                continue;
            }
            report(w.name, "timescope", w.operations, measure(w.timescope, warmups, runs));
            report(w.name, "Reactor", w.operations, measure(w.reactor, warmups, runs));
            if (w.handOffs != null) {
                report(w.name, "hand-offs", w.operations, measure(w.handOffs, warmups, runs));
            }
        }
    }

    private static final class Workload {
        final String name;
        final long operations;
        final Run timescope;
        final Run reactor;
        /** The JDK's park and unpark alone, in the order of the same timeline; null where there is none. */
        final Run handOffs;

        Workload(String name, long operations, Run timescope, Run reactor, Run handOffs) {
            this.name = name;
            this.operations = operations;
            this.timescope = timescope;
            this.reactor = reactor;
            this.handOffs = handOffs;
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

    // ---------------------------------------------------------------- the hand-offs alone

    /**
     * What any clock shared by threads must at least pay: the same threads, woken in the order of the same
     * timeline (the members due at each instant, together), each parking again before the next instant is
     * handed out, with nothing but {@code LockSupport} and a counter. The last thread to park wakes the next
     * instant's threads, as the last member to block does in a domain. No clock, no checks, no ledger.
     */
    private static void handOffs(int count, boolean virtual) throws Exception {
        int[][] instants = TIMELINES.computeIfAbsent(count, n -> timeline(plans(n))); // worked out in the warm-up
        Thread[] threads = new Thread[count];
        AtomicIntegerArray go = new AtomicIntegerArray(count);
        // One more than the threads: the main thread's own count, given up once every thread is in the array, so
        // that whoever hands out the first instant sees all of them (a virtual thread runs as soon as it is created).
        AtomicInteger running = new AtomicInteger(count + 1);
        AtomicInteger next = new AtomicInteger();
        Runnable[] bodies = new Runnable[count];
        for (int i = 0; i < count; i++) {
            int me = i;
            bodies[i] = () -> {
                for (int k = 0; k <= SLEEPS_EACH; k++) {
                    if (running.decrementAndGet() == 0) {
                        handOut(instants, next, running, go, threads, me);
                    }
                    if (k == SLEEPS_EACH) {
                        return; // its end counted as one more "block", like a member's exit
                    }
                    while (go.get(me) == 0) {
                        LockSupport.park();
                    }
                    go.set(me, 0);
                }
            };
        }
        for (int i = 0; i < count; i++) {
            threads[i] = virtual ? (Thread) startVirtual().invoke(null, bodies[i]) : new Thread(bodies[i]);
        }
        if (!virtual) {
            for (Thread t : threads) {
                t.start();
            }
        }
        if (running.decrementAndGet() == 0) {
            handOut(instants, next, running, go, threads, -1);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (next.get() != instants.length + 1) { // the last thread's end looks once more, and finds none
            throw new IllegalStateException((next.get() - 1) + " of " + instants.length + " instants handed out");
        }
    }

    private static final int PING_PONG_TURNS = 100_000;

    /**
     * Nanoseconds of one hand-off between two platform threads that take turns, each unparking the other and parking
     * until its turn comes back: the operating system's wake-up of a parked thread, which every instant of a
     * timeline of platform threads pays at least once. The best of three rounds, after one to warm up.
     */
    private static double pingPongNanos() throws InterruptedException {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            AtomicInteger turn = new AtomicInteger();
            Thread[] pair = new Thread[2];
            for (int i = 0; i < 2; i++) {
                int me = i;
                pair[i] = new Thread(() -> {
                    for (int k = 0; k < PING_PONG_TURNS; k++) {
                        while (turn.get() != me) {
                            LockSupport.park();
                        }
                        turn.set(1 - me);
                        LockSupport.unpark(pair[1 - me]);
                    }
                });
            }
            long start = System.nanoTime();
            pair[0].start();
            pair[1].start();
            pair[0].join();
            pair[1].join();
            double each = (System.nanoTime() - start) / (2.0 * PING_PONG_TURNS);
            if (round > 0) {
                best = Math.min(best, each);
            }
        }
        return best;
    }

    private static final Map<Integer, int[][]> TIMELINES = new HashMap<>();

    /** Wakes the threads due at the next instant; the caller parks next (or has ended), so never unparks itself. */
    private static void handOut(int[][] instants, AtomicInteger next, AtomicInteger running, AtomicIntegerArray go,
                                Thread[] threads, int self) {
        int index = next.getAndIncrement();
        if (index >= instants.length) {
            return;
        }
        int[] due = instants[index];
        running.set(due.length);
        for (int t : due) {
            go.set(t, 1);
            if (t != self) {
                LockSupport.unpark(threads[t]);
            }
        }
    }

    /** The threads due at each distinct instant of the plans, in order (each thread's sleeps one after another). */
    private static int[][] timeline(long[][] plans) {
        PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        for (int i = 0; i < plans.length; i++) {
            due.add(new long[] {plans[i][0], i, 0});
        }
        List<int[]> instants = new ArrayList<>();
        List<Integer> group = new ArrayList<>();
        long at = -1;
        while (!due.isEmpty()) {
            long[] d = due.poll();
            if (d[0] != at && !group.isEmpty()) {
                instants.add(group.stream().mapToInt(Integer::intValue).toArray());
                group.clear();
            }
            at = d[0];
            int thread = (int) d[1];
            int k = (int) d[2] + 1;
            group.add(thread);
            if (k < plans[thread].length) {
                due.add(new long[] {at + plans[thread][k], thread, k});
            }
        }
        if (!group.isEmpty()) {
            instants.add(group.stream().mapToInt(Integer::intValue).toArray());
        }
        return instants.toArray(new int[0][]);
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
