package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.DeadlockError;
import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * virtual-time.md, sections 2 and 3.1, {@code Object.wait}: a member's timed wait ends at its virtual deadline,
 * a waiting member is durably blocked (so another member's virtual sleep can end), and the waiter a notify
 * chooses counts as runnable from the notify.
 */
class Section2ObjectWaitTest {

    private final Object lock = new Object();

    @Test
    void aTimedWaitReturnsAtExactlyItsVirtualDeadline() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            synchronized (lock) {
                lock.wait(5_000);
            }
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
            synchronized (lock) {
                lock.wait(1, 500_000);
            }
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5).plusNanos(1_500_000));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aNotifyAfterAMembersVirtualSleepWakesTheWaiterThen(ThreadKind kind) throws InterruptedException {
        kind.assumeAvailable();
        try (VirtualClock clock = VirtualClock.start()) {
            AtomicBoolean ready = new AtomicBoolean();
            Thread notifier = kind.start("notifier", () -> {
                Sleeps.sleep(Duration.ofSeconds(2)); // ends only because the waiter below is durably blocked
                synchronized (lock) {
                    ready.set(true);
                    lock.notify();
                }
            });
            synchronized (lock) {
                while (!ready.get()) {
                    lock.wait(); // untimed
                }
            }
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
            notifier.join();
        }
    }

    @RepeatedTest(20)
    void oneNotifyWakesOneWaiterAndNotifyAllTheRest() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            List<String> woke = new CopyOnWriteArrayList<>();
            Thread[] waiters = new Thread[3];
            for (int i = 0; i < waiters.length; i++) {
                String name = "waiter-" + i;
                waiters[i] = ThreadKind.PLATFORM.start(name, () -> {
                    synchronized (lock) {
                        try {
                            lock.wait(Duration.ofHours(1).toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                        woke.add(name + "@" + clock.elapsed());
                    }
                });
            }
            Thread.sleep(1_000); // every waiter is waiting by now: the clock moved only once they all were
            synchronized (lock) {
                lock.notify();
            }
            Thread.sleep(1_000);
            assertThat(woke).hasSize(1).allMatch(w -> w.endsWith("@PT1S"));
            synchronized (lock) {
                lock.notifyAll();
            }
            Sleeps.join(waiters);
            assertThat(woke).hasSize(3).filteredOn(w -> w.endsWith("@PT2S")).hasSize(2);
        }
    }

    @Test
    void aWaitIsInterruptedAsUsualAndWithoutTheOwnerItFails() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            Thread waiter = Thread.currentThread();
            Thread interrupter = ThreadKind.PLATFORM.start("interrupter", () -> {
                Sleeps.sleep(Duration.ofSeconds(3));
                waiter.interrupt();
            });
            synchronized (lock) {
                assertThatThrownBy(() -> lock.wait(Duration.ofDays(1).toMillis())).isInstanceOf(InterruptedException.class);
            }
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
            assertThatThrownBy(() -> lock.wait(10)).isInstanceOf(IllegalMonitorStateException.class);
            assertThatThrownBy(lock::notify).isInstanceOf(IllegalMonitorStateException.class);
            interrupter.join();
        }
    }

    @Test
    void aWaiterWokenAtItsDeadlineReentersTheMonitorWhenItsOwnerLetsGo() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            AtomicReference<Duration> waiterReturned = new AtomicReference<>();
            Thread waiter = ThreadKind.PLATFORM.start("waiter", () -> {
                synchronized (lock) {
                    try {
                        lock.wait(5_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    waiterReturned.set(clock.elapsed());
                }
            });
            Thread.sleep(1_000);
            synchronized (lock) {
                Thread.sleep(9_000); // holds the monitor past the waiter's deadline
            }
            waiter.join();
            assertThat(waiterReturned.get()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void aRootWaitingForeverIsReportedAsADeadlockNotAHang() {
        try (VirtualClock clock = VirtualClock.builder().deadlockGrace(Duration.ofMillis(100)).start()) {
            synchronized (lock) {
                assertThatThrownBy(lock::wait).isInstanceOf(DeadlockError.class)
                        .hasMessageContaining("in Object.wait on java.lang.Object@");
            }
            assertThat(clock.elapsed()).isZero();
        }
    }
}
