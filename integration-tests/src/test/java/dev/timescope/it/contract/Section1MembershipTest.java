package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.it.ThreadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** virtual-time.md, section 1: who is a member of a domain, and who is not. */
class Section1MembershipTest {

    private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void threadsConstructedByMembersAreMembersDownTheGenerations(ThreadKind kind) {
        kind.assumeAvailable();
        List<Instant> seen = new CopyOnWriteArrayList<>();
        try (VirtualClock clock = VirtualClock.start()) {
            Thread child = kind.start("child", () -> {
                Sleeps.sleep(Duration.ofMinutes(1));
                seen.add(Instant.now());
                Thread grandchild = kind.start("grandchild", () -> {
                    Sleeps.sleep(Duration.ofMinutes(1));
                    seen.add(Instant.now());
                });
                Sleeps.join(grandchild);
            });
            Sleeps.join(child);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(2));
        }
        assertThat(seen).containsExactly(START.plusSeconds(60), START.plusSeconds(120));
    }

    /**
     * A member's end lets go of the clock (section 3.1). A virtual thread tells it on itself as its run returns,
     * as a platform thread does, so that its carrier never has to: where only the carrier sees it, it is queued
     * for the dispatcher, a real thread's wake-up per exit. Early JDK 21 builds unmount the thread before that point.
     */
    @Test
    void aVirtualThreadsEndIsToldOnTheThreadItselfNotQueuedFromItsCarrier() {
        ThreadKind.VIRTUAL.assumeAvailable();
        assumeTrue(Runtime.version().feature() >= 22, "JDK " + Runtime.version() + ": some JDK 21 builds end a"
                + " virtual thread's run after unmounting it, where only its carrier sees the end");
        try (VirtualClock clock = VirtualClock.start()) {
            Domain domain = Domains.current().domain();
            List<Thread> threads = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                Duration sleep = Duration.ofSeconds(i);
                threads.add(ThreadKind.VIRTUAL.start("ending-" + i, () -> Sleeps.sleep(sleep)));
            }
            threads.forEach(Sleeps::join);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(100));
            assertThat(domain.exitsQueued()).as("exits only a carrier saw").isZero();
        }
    }

    @Test
    void poolThreadsConstructedInTheDomainAreMembers() throws Exception {
        try (VirtualClock clock = VirtualClock.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<Instant>> results = new ArrayList<>();
            for (int minutes = 1; minutes <= 3; minutes++) {
                int m = minutes;
                results.add(pool.submit(() -> {
                    Thread.sleep(Duration.ofMinutes(m).toMillis());
                    return Instant.now();
                }));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(results.get(i).get()).isEqualTo(START.plus(Duration.ofMinutes(i + 1)));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.DAYS)).isTrue();
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(3));
        }
    }

    @Test
    void aThreadStartedBeforeTheDomainOpenedIsNotAMember() throws InterruptedException {
        AtomicReference<Instant> seenOutside = new AtomicReference<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Thread outsider = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            seenOutside.set(Instant.now());
        }, "outsider");
        outsider.start();
        try (VirtualClock clock = VirtualClock.start()) {
            assertThat(Instant.now()).isEqualTo(START);
            go.countDown();
            outsider.join();
        }
        assertThat(seenOutside.get()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void severalDomainsAtOnceEachHaveTheirOwnClock() throws InterruptedException {
        List<String> results = new CopyOnWriteArrayList<>();
        List<Thread> roots = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int days = i;
            Thread root = new Thread(() -> {
                try (VirtualClock clock = VirtualClock.builder()
                        .startAt(Instant.parse("2040-01-01T00:00:00Z")).start()) {
                    Sleeps.sleep(Duration.ofDays(days));
                    results.add(days + ":" + Instant.now());
                }
            }, "root-" + i);
            root.start();
            roots.add(root);
        }
        for (Thread root : roots) {
            root.join();
        }
        assertThat(results).containsExactlyInAnyOrder("1:2040-01-02T00:00:00Z", "2:2040-01-03T00:00:00Z",
                "3:2040-01-04T00:00:00Z", "4:2040-01-05T00:00:00Z");
    }

    @Test
    void currentIsTheDomainsClockForEveryMemberAndEmptyOutside() throws InterruptedException {
        assertThat(VirtualClock.current()).isEmpty();
        AtomicReference<Optional<VirtualClock>> fromChild = new AtomicReference<>();
        try (VirtualClock clock = VirtualClock.start()) {
            assertThat(VirtualClock.current()).containsSame(clock);
            Thread child = new Thread(() -> fromChild.set(VirtualClock.current()));
            child.start();
            child.join();
            assertThat(fromChild.get()).containsSame(clock);
        }
        assertThat(VirtualClock.current()).isEmpty();
    }

    @Test
    void aMemberCannotOpenASecondDomain() {
        try (VirtualClock clock = VirtualClock.start()) {
            assertThatThrownBy(VirtualClock::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already belongs to virtual-time domain");
        }
    }

    @Test
    void onlyTheRootClosesTheDomain() throws InterruptedException {
        try (VirtualClock clock = VirtualClock.start()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    clock.close();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "not-the-root");
            other.start();
            other.join();
            assertThat(thrown.get())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must be closed by the thread that started it")
                    .hasMessageContaining("not by \"not-the-root\"");
        }
    }

    @Test
    void afterCloseTheRootIsBackOnRealTime() {
        VirtualClock clock = VirtualClock.start();
        Sleeps.sleep(Duration.ofDays(3));
        clock.close();
        assertThat(Instant.now()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
        clock.close(); // closing twice is harmless
    }
}
