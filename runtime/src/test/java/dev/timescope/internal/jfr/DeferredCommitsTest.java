package dev.timescope.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The queue of short tasks' events: who commits them, when, and that none is lost or committed twice. */
class DeferredCommitsTest {

    private final List<String> committedOn = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> committed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger hooks = new AtomicInteger();

    private DeferredCommits<Integer> deferred(int soft, int hard) {
        return new DeferredCommits<>(soft, hard, event -> {
            commits.incrementAndGet();
            committed.add(event);
            committedOn.add(Thread.currentThread().getName());
        }, hooks::incrementAndGet);
    }

    @Test
    void belowTheSoftLimitEventsWaitForTheEndOfTheChunkWhichCommitsThemAllOnACommitterThread() {
        DeferredCommits<Integer> deferred = deferred(10, 20);
        for (int i = 0; i < 9; i++) {
            assertThat(deferred.offer(i)).isTrue();
        }
        assertThat(commits).hasValue(0);
        assertThat(deferred.waiting()).isEqualTo(9);

        deferred.commitAll(); // returns once they are committed

        assertThat(committed).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(committedOn).containsOnly(DeferredCommits.COMMITTER);
        assertThat(deferred.waiting()).isZero();
        assertThat(hooks).as("the end-of-chunk hook is registered once, at the first offer").hasValue(1);
    }

    @Test
    void atTheHardLimitTheCallerCommitsItself() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DeferredCommits<Integer> deferred = new DeferredCommits<>(3, 3, event -> {
            await(release); // the drainer cannot take anything until released
            committed.add(event);
        }, () -> { });
        assertThat(deferred.offer(1)).isTrue();
        assertThat(deferred.offer(2)).isTrue();
        assertThat(deferred.offer(3)).isTrue(); // starts the drainer, which takes 1 and blocks committing it
        // 2 and 3 wait, plus at most the one the drainer holds: the hard limit counts what is not yet taken
        int refused = 0;
        for (int i = 4; i < 10; i++) {
            if (!deferred.offer(i)) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(5);
        release.countDown();
        deferred.commitAll();
        assertThat(committed).contains(1, 2, 3).hasSize(3 + 6 - refused);
    }

    @Test
    void withoutTheHookNothingIsDeferred() {
        DeferredCommits<Integer> deferred = new DeferredCommits<>(1, 1, committed::add, () -> {
            throw new IllegalStateException("no JFR here");
        });
        assertThat(deferred.offer(1)).isFalse();
        assertThat(deferred.offer(2)).isFalse();
        assertThat(committed).isEmpty();
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> deferred(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limits 0 and 1: need 1 <= soft <= hard");
        assertThatThrownBy(() -> deferred(5, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limits 5 and 4: need 1 <= soft <= hard");
    }

    /**
     * Seeded: producers offer concurrently with drainers and end-of-chunk drains; every event is committed exactly
     * once (or refused and committed by its producer), and nothing waits at the end.
     */
    @RepeatedTest(20)
    void everyEventIsCommittedExactlyOnceUnderConcurrentOffersAndDrains(RepetitionInfo repetition) throws Exception {
        SplittableRandom random = new SplittableRandom(repetition.getCurrentRepetition());
        int soft = 1 + random.nextInt(64);
        DeferredCommits<Integer> deferred = deferred(soft, soft + random.nextInt(256));
        int producers = 2 + random.nextInt(4);
        int perProducer = 2_000;
        Set<Integer> refused = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(new Thread(() -> {
                for (int i = base; i < base + perProducer; i++) {
                    if (!deferred.offer(i)) {
                        refused.add(i);
                    }
                }
            }));
        }
        Thread chunks = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                deferred.commitAll();
            }
        });
        threads.forEach(Thread::start);
        chunks.start();
        for (Thread t : threads) {
            t.join();
        }
        chunks.join();
        deferred.commitAll(); // the recording's last chunk

        assertThat(deferred.waiting()).isZero();
        assertThat(commits.get()).as("committed once each").isEqualTo(committed.size());
        assertThat(committed).doesNotContainAnyElementsOf(refused);
        assertThat(committed.size() + refused.size()).isEqualTo(producers * perProducer);
        assertThat(committedOn).containsOnly(DeferredCommits.COMMITTER);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
