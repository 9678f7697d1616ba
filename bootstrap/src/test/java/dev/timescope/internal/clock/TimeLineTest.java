package dev.timescope.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The clock's arithmetic (contract, sections 3.3 and 6): readings at a rate of real time, jumps on top. */
class TimeLineTest {

    private static final long SECOND = 1_000_000_000L;

    private static Rate rate(String value) {
        return Rate.of(new BigDecimal(value));
    }

    @Test
    void aFixedLineStandsAndOnlyJumpsForward() {
        TimeLine line = TimeLine.fixed();
        assertThat(line.read()).isZero();
        assertThat(line.runsByItself()).isFalse();
        line.jump(5 * SECOND);
        assertThat(line.read()).isEqualTo(5 * SECOND);
        line.jump(SECOND);
        assertThat(line.read()).as("never backwards").isEqualTo(5 * SECOND);
        assertThat(TimeLine.rated(rate("0"))).as("rate 0 freezes the clock").isInstanceOf(FixedTimeLine.class);
    }

    @Test
    void aRatedLineReadsTheRateTimesTheRealTimeSinceItsStart() {
        RatedTimeLine sixty = new RatedTimeLine(rate("60"), 1_000);
        assertThat(sixty.readAt(1_000)).isZero();
        assertThat(sixty.readAt(1_000 + 2 * SECOND)).isEqualTo(120 * SECOND);
        assertThat(sixty.readAt(500)).as("a real instant before the start reads the start").isZero();
        RatedTimeLine half = new RatedTimeLine(rate("0.5"), 0);
        assertThat(half.readAt(3)).isEqualTo(1);
        assertThat(half.readAt(2 * SECOND)).isEqualTo(SECOND);
        RatedTimeLine real = new RatedTimeLine(Rate.REAL_TIME, 0);
        assertThat(real.readAt(123_456_789)).isEqualTo(123_456_789);
        assertThat(new RatedTimeLine(rate("3600"), 0).readAt(SECOND)).isEqualTo(3600 * SECOND);
    }

    @Test
    void aJumpMovesARatedLineAheadAndItRunsOnFromThere() {
        RatedTimeLine line = new RatedTimeLine(rate("2"), 0);
        line.jumpAt(100 * SECOND, SECOND);
        assertThat(line.readAt(SECOND)).isEqualTo(100 * SECOND);
        assertThat(line.readAt(2 * SECOND)).isEqualTo(102 * SECOND);
        line.jumpAt(50 * SECOND, 3 * SECOND);
        assertThat(line.readAt(3 * SECOND)).as("a jump behind the reading changes nothing").isEqualTo(104 * SECOND);
    }

    /** What a waiter parks for: the real time in which the clock reaches its deadline, never less. */
    @Test
    void theRealTimeToADeadlineIsRoundedUpSoTheClockHasReachedIt() {
        assertThat(rate("60").realNanosFor(120 * SECOND)).isEqualTo(2 * SECOND);
        assertThat(rate("60").realNanosFor(61)).isEqualTo(2);
        assertThat(rate("0.5").realNanosFor(3)).isEqualTo(6);
        Random random = new Random(42);
        for (String r : new String[] {"1", "60", "0.5", "3600", "0.001", "1000000000", "2.5"}) {
            Rate rate = rate(r);
            for (int i = 0; i < 10_000; i++) {
                long virtual = 1 + (random.nextLong() >>> 20);
                long real = rate.realNanosFor(virtual);
                assertThat(rate.scale(real)).as("rate %s, %d virtual ns", r, virtual).isGreaterThanOrEqualTo(virtual);
                assertThat(rate.scale(real - 1)).as("rate %s, %d virtual ns: not more than needed", r, virtual)
                        .isLessThan(virtual);
            }
        }
    }

    @Test
    void readingsSaturateRatherThanWrap() {
        assertThat(rate("1000000000").scale(Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE);
        assertThat(rate("0.5").scale(1L << 40)).isEqualTo(1L << 39);
        RatedTimeLine line = new RatedTimeLine(rate("1000000000"), 0);
        line.jumpAt(Long.MAX_VALUE - 10, 1);
        assertThat(line.readAt(Long.MAX_VALUE / 4)).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Seeded stress: readers on several threads and a thread that jumps at random. A reading that happens after
     * another (here: after it was published) is never smaller, with no lock or compare-and-set on the read path.
     */
    @Test
    void readingsNeverGoBackwardsAcrossThreadsWhileTheLineJumps() throws Exception {
        for (String r : new String[] {"1", "60", "0.5", "3600"}) {
            for (long seed = 1; seed <= 5; seed++) {
                checkMonotonic(new RatedTimeLine(rate(r)), seed, "rate " + r + ", seed " + seed);
            }
        }
        for (long seed = 1; seed <= 3; seed++) {
            checkMonotonic(TimeLine.fixed(), seed, "fixed, seed " + seed);
        }
    }

    private static void checkMonotonic(TimeLine line, long seed, String what) throws InterruptedException {
        AtomicLong published = new AtomicLong();
        AtomicReference<String> violation = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            threads.add(new Thread(() -> {
                await(go);
                for (int i = 0; i < 200_000 && violation.get() == null; i++) {
                    long before = published.get();
                    long v = line.read();
                    if (v < before) {
                        violation.set(what + ": read " + v + " after " + before + " was published");
                    }
                    published.accumulateAndGet(v, Math::max);
                }
            }));
        }
        Random random = new Random(seed);
        threads.add(new Thread(() -> {
            await(go);
            for (int i = 0; i < 2_000; i++) {
                synchronized (line) { // jumps happen under the domain's lock
                    line.jump(line.read() + random.nextInt(1_000_000) - 100_000);
                }
                Thread.yield();
            }
        }));
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(violation.get()).isNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
