package dev.timescope.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.it.Sleeps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * virtual-time.md, section 5: "a program whose threads only interact through the domain's primitives
 * produces the same virtual timeline on every run".
 *
 * <p>Two threads that act at the very same virtual instant race in real time, as on any JVM; the promise
 * is about programs without such ties. This one has none by construction: producer p acts only at
 * instants ≡ p (mod 3 ms), each queue has one consumer, and poll timeouts carry 0.3 ms, so a timeout
 * never meets a put. Its timeline, seeded, must come out the same on every run.
 */
class Section5DeterminismTest {

    private static final int PRODUCERS = 3;
    private static final long TIMEOUT_MICROS = 250_300;

    @Test
    void theSameProgramHasTheSameVirtualTimelineOnEveryRun() {
        List<String> first = timeline(7);
        for (int run = 0; run < 9; run++) {
            assertThat(timeline(7)).isEqualTo(first);
        }
        assertThat(first).hasSizeGreaterThan(100);
        assertThat(timeline(8)).isNotEqualTo(first); // the seed matters: the comparison is not vacuous
    }

    private static List<String> timeline(long seed) {
        ConcurrentSkipListSet<String> events = new ConcurrentSkipListSet<>();
        try (VirtualClock clock = VirtualClock.start()) {
            List<BlockingQueue<Integer>> queues = new ArrayList<>();
            for (int q = 0; q < PRODUCERS; q++) {
                queues.add(new ArrayBlockingQueue<>(2));
            }
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                Random random = new Random(seed * 31 + p);
                int producer = p;
                threads.add(start("producer-" + p, () -> {
                    Sleeps.sleep(Duration.ofMillis(producer)); // offset: this producer's instants are ≡ p mod 3
                    for (int i = 0; i < 20; i++) {
                        Sleeps.sleep(Duration.ofMillis(3L * (1 + random.nextInt(40))));
                        int item = producer * 100 + i;
                        BlockingQueue<Integer> queue = queues.get(random.nextInt(PRODUCERS));
                        put(queue, item);
                        events.add(stamp(clock) + " put " + item);
                    }
                }));
            }
            for (int c = 0; c < PRODUCERS; c++) {
                int consumer = c;
                threads.add(start("consumer-" + c, () -> {
                    int timeouts = 0;
                    while (timeouts < 3) {
                        Integer item = poll(queues.get(consumer));
                        if (item == null) {
                            timeouts++;
                            events.add(stamp(clock) + " consumer-" + consumer + " timed out");
                        } else {
                            events.add(stamp(clock) + " consumer-" + consumer + " got " + item);
                            Sleeps.sleep(Duration.ofMillis(3L * (consumer + 1)));
                        }
                    }
                }));
            }
            Sleeps.join(threads.toArray(new Thread[0]));
        }
        return new ArrayList<>(events);
    }

    private static String stamp(VirtualClock clock) {
        return String.format("%015d", clock.elapsed().toNanos());
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    private static void put(BlockingQueue<Integer> q, int item) {
        try {
            q.put(item);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Integer poll(BlockingQueue<Integer> q) {
        try {
            return q.poll(TIMEOUT_MICROS, TimeUnit.MICROSECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
