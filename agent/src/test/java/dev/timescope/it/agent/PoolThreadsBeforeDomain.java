package dev.timescope.it.agent;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Pool threads that started before the first domain opened, so before the agent rewrote {@code ThreadPoolExecutor}:
 * their worker loops still run the code from before. A domain hands them tasks anyway: a cached pool's idle thread
 * (waiting with a keep-alive), a fixed pool's idle thread (waiting without one), and the JDK's process reaper,
 * whose thread an earlier process left waiting. Each task must run, on virtual time, and the clock must not wait
 * for it once it is over, nor for one that failed and took its thread with it. Exits with status 3 if that is not
 * so within 30 s of real time.
 */
public final class PoolThreadsBeforeDomain {

    private PoolThreadsBeforeDomain() {
    }

    public static void main(String[] args) throws Exception {
        ChildTimeout timeout = ChildTimeout.start(30, "the tasks did not run in virtual time");

        ExecutorService cached = Executors.newCachedThreadPool();
        ThreadPoolExecutor fixed = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>());
        cached.submit(() -> { }).get(); // its thread now waits for the next task, for up to a minute
        fixed.prestartAllCoreThreads();
        new ProcessBuilder("true").start().waitFor(); // leaves a process reaper thread waiting for the next process
        try (VirtualClock clock = VirtualClock.start()) {
            long t0 = System.nanoTime();
            long cachedRan = cached.submit(PoolThreadsBeforeDomain::anHourLater).get();
            System.out.println("cached pool: ran " + Duration.ofNanos(cachedRan - t0) + " in");
            long fixedRan = fixed.submit(PoolThreadsBeforeDomain::anHourLater).get();
            System.out.println("fixed pool: ran " + Duration.ofNanos(fixedRan - t0) + " in");
            cached.execute(() -> { // the early thread again, if it is idle by now: it ends with the task
                anHourLater();
                throw new IllegalStateException("a task that fails (as this program expects)");
            });
            Thread.sleep(Duration.ofHours(2).toMillis()); // the failed task holds the clock only while it runs
            System.out.println("after a failed task: " + clock.elapsed());
            int status = new ProcessBuilder("true").start().waitFor();
            System.out.println("process: exit " + status + " at " + clock.elapsed());
            Thread.sleep(Duration.ofMinutes(1).toMillis()); // the clock moves on: nothing left holds it
            System.out.println("then " + clock.elapsed());
        } finally {
            cached.shutdownNow();
            fixed.shutdownNow();
        }
        timeout.stop();
    }

    private static long anHourLater() {
        try {
            Thread.sleep(Duration.ofHours(1).toMillis());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime();
    }
}
