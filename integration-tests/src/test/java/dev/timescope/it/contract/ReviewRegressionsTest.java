package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.LeakPolicy;
import dev.timescope.LeakedThreadsError;
import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Cases a review of the clock's core found broken, each kept here so it stays fixed. The section of
 * virtual-time.md each one belongs to is named in its test.
 */
class ReviewRegressionsTest {

    /** A Thread subclass whose methods the call sites name: javac writes Worker, not Thread, as the owner. */
    static class Worker extends Thread {
        @Override
        public void run() {
            try {
                sleep(5_000); // unqualified: owner Worker
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final class Grandchild extends Worker {
    }

    @Test
    void section2_sleepAndJoinThroughThreadSubclassesAreVirtual() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            Grandchild worker = new Grandchild();
            worker.start();
            worker.join(); // owner Grandchild
            Grandchild.sleep(1_000); // owner Grandchild, static
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(6));
        }
    }

    @Test
    void section2_aParkUntilAlreadyPastReturnsAtOnceWhileAnotherMemberRuns() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            AtomicBoolean done = new AtomicBoolean();
            Thread spinner = new Thread(() -> {
                while (!done.get()) {
                    // busy, and holding the clock: waiting for quiescence would hang (no onSpinWait here: a
                    // member spinning alone on it lets the clock move, section 3.4)
                }
            });
            spinner.start();
            LockSupport.parkUntil(System.currentTimeMillis() - 1_000);
            done.set(true);
            spinner.join();
            assertThat(clock.elapsed()).isZero();
        }
    }

    @Test
    void section1_theJdksSharedDelaySchedulerIsNeverAMember() {
        // orTimeout lazily starts the JDK's one delay-scheduler thread (JDK 17: CompletableFutureDelayScheduler,
        // named after construction; JDK 25: java.util.concurrent.DelayScheduler). A member triggers it here: it
        // must not be adopted, or every later test would report it as a leak.
        try (VirtualClock clock = VirtualClock.start()) {
            CompletableFuture<String> never = new CompletableFuture<String>().orTimeout(1, TimeUnit.DAYS);
            assertThat(never).isNotDone();
            never.complete("done");
        }
    }

    @RepeatedTest(200)
    void section3_joiningAThreadThatTookNoVirtualTimeTakesNoVirtualTime() {
        for (ThreadKind kind : ThreadKind.values()) {
            if (kind == ThreadKind.VIRTUAL && Runtime.version().feature() < 21) {
                continue;
            }
            try (VirtualClock clock = VirtualClock.start()) {
                Thread other = kind.start("other", () -> Sleeps.sleep(Duration.ofSeconds(1)));
                Thread quick = kind.start("quick", () -> { });
                Sleeps.join(quick); // must not let the one-second sleep fire while quick is exiting
                assertThat(clock.elapsed()).as(kind.toString()).isZero();
                Sleeps.join(other);
            }
        }
    }

    @Test
    void section4_closeReturnsAndReportsAMemberStillRunning() throws InterruptedException {
        for (ThreadKind kind : ThreadKind.values()) {
            if (kind == ThreadKind.VIRTUAL && Runtime.version().feature() < 21) {
                continue;
            }
            AtomicBoolean stop = new AtomicBoolean();
            VirtualClock clock = VirtualClock.builder().onLeak(LeakPolicy.FAIL).start();
            Thread busy = kind.start("busy", () -> {
                while (!stop.get() && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            });
            assertThatThrownBy(clock::close).isInstanceOf(LeakedThreadsError.class).hasMessageContaining("\"busy\"");
            stop.set(true);
            busy.join();
        }
    }
}
