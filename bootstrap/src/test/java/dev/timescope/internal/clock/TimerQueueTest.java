package dev.timescope.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** virtual-time.md, section 3.1: earliest deadline first, registration order among equal deadlines. */
class TimerQueueTest {

    /** A timer that records when it fired; fire() is not called by the queue itself. */
    private static final class Probe extends Timer {
        final String name;
        final boolean pending;

        Probe(String name, long deadline, boolean pending) {
            super(deadline);
            this.name = name;
            this.pending = pending;
        }

        Probe(String name, long deadline) {
            this(name, deadline, true);
        }

        @Override
        void fire(Domain domain) {
            throw new AssertionError("not fired by the queue");
        }

        @Override
        Object owner() {
            return name;
        }

        @Override
        Rearms rearms() {
            return null;
        }

        @Override
        boolean countsAsPending() {
            return pending;
        }
    }

    /**
     * Fires the queue's next instant and checks it against the model: exactly the model's timers of that instant,
     * in registration order, and none earlier left. Returns the instant.
     */
    private static long fireNextInstant(TimerQueue q, List<Probe> model) {
        long instant = q.peek().deadline;
        List<String> expected = new ArrayList<>();
        model.stream().filter(p -> p.deadline == instant).sorted((x, y) -> Long.compare(x.seq, y.seq))
                .forEach(p -> expected.add(p.name));
        model.removeIf(p -> p.deadline == instant);
        assertThat(model).allMatch(p -> p.deadline > instant);
        assertThat(drainInstant(q, instant)).isEqualTo(expected);
        return instant;
    }

    private static List<String> drainInstant(TimerQueue q, long instant) {
        List<String> fired = new ArrayList<>();
        Timer t;
        while ((t = q.pollDueAt(instant)) != null) {
            fired.add(((Probe) t).name);
        }
        return fired;
    }

    @Test
    void equalDeadlinesComeOutInRegistrationOrder() {
        TimerQueue q = new TimerQueue();
        for (String name : new String[] {"a", "b", "c", "d"}) {
            q.add(new Probe(name, 100));
        }
        q.add(new Probe("early", 50));
        assertThat(q.peek().deadline).isEqualTo(50);
        assertThat(drainInstant(q, 100)).isEmpty(); // 50 is due first
        assertThat(drainInstant(q, 50)).containsExactly("early");
        assertThat(drainInstant(q, 100)).containsExactly("a", "b", "c", "d");
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void cancelledTimersNeverComeOutAndCountsStayExact() {
        TimerQueue q = new TimerQueue();
        Probe a = new Probe("a", 10);
        Probe b = new Probe("b", 10);
        Probe controller = new Probe("target", 20, false);
        q.add(a);
        q.add(b);
        q.add(controller);
        assertThat(q.pendingCount()).isEqualTo(2);

        q.cancel(a);
        q.cancel(a); // twice is harmless
        assertThat(q.pendingCount()).isEqualTo(1);
        assertThat(drainInstant(q, 10)).containsExactly("b");
        assertThat(q.pendingCount()).isZero();
        q.cancel(b); // cancelling a timer that already fired changes nothing
        assertThat(q.pendingCount()).isZero();
        assertThat(q.isEmpty()).isFalse(); // the controller's target is still there
        assertThat(drainInstant(q, 20)).containsExactly("target");
        assertThat(q.isEmpty()).isTrue();
    }

    /** A seeded model check against a plain sorted list: the order is total, stable and exact. */
    @Test
    void randomOperationsMatchASortedModel() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            TimerQueue q = new TimerQueue();
            List<Probe> model = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                if (!model.isEmpty() && random.nextInt(4) == 0) {
                    Probe victim = model.remove(random.nextInt(model.size()));
                    q.cancel(victim);
                } else {
                    Probe p = new Probe("t" + i, random.nextInt(20));
                    q.add(p);
                    model.add(p);
                }
            }
            model.sort((x, y) -> Long.compare(x.deadline, y.deadline) != 0
                    ? Long.compare(x.deadline, y.deadline) : Long.compare(x.seq, y.seq));
            List<String> expected = new ArrayList<>();
            model.forEach(p -> expected.add(p.name));
            List<String> actual = new ArrayList<>();
            assertThat(q.pendingCount()).isEqualTo(model.size());
            while (q.peek() != null) {
                actual.addAll(drainInstant(q, q.peek().deadline));
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(q.pendingCount()).isZero();
        }
    }

    /**
     * The same model check at the size of a big workload, firing instants in between and cancelling most of
     * what is armed: the order stays exact, and cancelled timers do not pile up in the heap.
     */
    @Test
    void aLargeQueueThatCancelsMostOfWhatItArmsStaysExactAndSmall() {
        Random random = new Random(7);
        TimerQueue q = new TimerQueue();
        List<Probe> model = new ArrayList<>();
        long now = 0;
        int maxHeap = 0;
        int maxLive = 0;
        for (int i = 0; i < 200_000; i++) {
            int op = random.nextInt(10);
            if (op < 4) {
                Probe p = new Probe("t" + i, now + 1 + random.nextInt(1_000));
                q.add(p);
                model.add(p);
            } else if (op < 8 && !model.isEmpty()) {
                q.cancel(model.remove(random.nextInt(model.size())));
            } else if (q.peek() != null) {
                now = fireNextInstant(q, model);
            }
            assertThat(q.pendingCount()).isEqualTo(model.size());
            maxHeap = Math.max(maxHeap, q.heapSize());
            maxLive = Math.max(maxLive, model.size());
        }
        assertThat(maxHeap).isLessThanOrEqualTo(Math.max(256, 2 * maxLive + 1));
    }

    /** Timers are grouped by instant: an instant whose timers are all cancelled leaves the queue at once. */
    @Test
    void anInstantWhoseTimersAreAllCancelledIsGone() {
        TimerQueue q = new TimerQueue();
        Probe a = new Probe("a", 10);
        Probe b = new Probe("b", 10);
        q.add(a);
        q.add(new Probe("c", 30));
        q.add(b);
        q.add(new Probe("d", 20));
        q.cancel(b);
        q.cancel(a);
        assertThat(q.peek().deadline).isEqualTo(20);
        assertThat(q.heapSize()).isEqualTo(2);
        q.add(new Probe("e", 10)); // the instant comes back, empty of what was cancelled
        assertThat(drainInstant(q, 10)).containsExactly("e");
        assertThat(drainInstant(q, 20)).containsExactly("d");
        assertThat(drainInstant(q, 30)).containsExactly("c");
        assertThat(q.peek()).isNull();
    }

    /**
     * Seeded: deadlines spread over the whole range and crowded onto few instants, armed, cancelled and fired
     * in any order, come out as a sorted model says, however the instants collide in the queue's table.
     */
    @Test
    void instantsFarApartAndCrowdedTogetherMatchASortedModel() {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            TimerQueue q = new TimerQueue();
            List<Probe> model = new ArrayList<>();
            long[] crowded = new long[8];
            for (int k = 0; k < crowded.length; k++) {
                crowded[k] = (random.nextLong() >>> 1) & ~1023L; // equal low bits: neighbours in any table
            }
            long now = 0;
            for (int i = 0; i < 3_000; i++) {
                int op = random.nextInt(10);
                if (op < 5) {
                    long d = random.nextBoolean() ? crowded[random.nextInt(crowded.length)]
                            : random.nextLong() >>> 1;
                    Probe p = new Probe("t" + i, Math.max(d, now));
                    q.add(p);
                    model.add(p);
                } else if (op < 8 && !model.isEmpty()) {
                    q.cancel(model.remove(random.nextInt(model.size())));
                } else if (q.peek() != null) {
                    now = fireNextInstant(q, model);
                }
                assertThat(q.pendingCount()).isEqualTo(model.size());
            }
        }
    }
}
