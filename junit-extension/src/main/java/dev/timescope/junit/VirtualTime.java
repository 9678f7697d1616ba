package dev.timescope.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test method in its own virtual-time domain: everything the test and the threads it starts
 * do with time (sleeps, timed waits, clock readings) is instant and exact, on a clock that starts at
 * {@link #start()}. A {@code dev.timescope.VirtualClock} parameter receives the test's clock.
 *
 * <pre>{@code
 * @VirtualTime
 * class RetryTest {
 *     @Test void backsOff(VirtualClock clock) { ... }
 * }
 * }</pre>
 *
 * <p>The domain opens before the test's {@code @BeforeEach} methods and closes after its
 * {@code @AfterEach} methods, on the thread that runs the test. A deadlock fails the test with a report
 * of every thread of the domain instead of hanging; threads still alive at the end fail it too (see
 * {@link #onLeak()}). JUnit's {@code @Timeout} stays in real time. Needs the timescope agent: add
 * {@code -javaagent} to Surefire's {@code argLine} (README, "Quick start"); without it the extension
 * attaches the agent at run time, or fails the test with the line to add.
 *
 * <p>On a class it applies to every test method, including those of {@code @Nested} classes; an
 * annotation on a method or a nearer class replaces it entirely.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(VirtualTimeExtension.class)
public @interface VirtualTime {

    /**
     * The virtual instant each test starts at: what {@code Instant.now()} returns when the test begins.
     *
     * @return an ISO-8601 instant, such as {@code "2030-01-01T00:00:00Z"}; default {@code 2000-01-01T00:00:00Z}
     */
    String start() default "2000-01-01T00:00:00Z";

    /**
     * Whether the clock jumps to the next deadline when every thread of the test is blocked. Without it, the
     * test moves the clock itself through its {@code VirtualClock} ({@code advance}, {@code advanceTo},
     * {@code runUntilIdle}).
     *
     * @return false to move the clock only by hand; default true
     */
    boolean autoAdvance() default true;

    /**
     * What threads and tasks of the test still alive or pending at its end do to it: threads it started that
     * are alive, tasks still queued or running in a pool, scheduled tasks still pending.
     *
     * @return the leak policy; default {@link Leaks#FAIL}
     */
    Leaks onLeak() default Leaks.FAIL;

    /**
     * Real time, ISO-8601, the test's threads must all stay blocked with nothing to fire before it fails
     * as a deadlock: a thread outside the test might still wake one of them.
     *
     * @return an ISO-8601 duration, zero or positive; default {@code PT1S}
     */
    String deadlockGrace() default "PT1S";

    /**
     * Firings of one timer that re-arms (a periodic task far shorter than a jump, a thread that keeps waiting)
     * that one advance may see before the test fails as a runaway; many threads' one-shot timers do not add up.
     *
     * @return the limit, at least 1; default 100,000
     */
    int runawayLimit() default 100_000;

    /**
     * Real time, ISO-8601, the test's threads may hold the clock (running, or waiting where timescope cannot see)
     * while the test waits for it, before a warning names them, once.
     *
     * @return an ISO-8601 duration, zero or positive; default {@code PT10S}
     */
    String stallWarning() default "PT10S";

    /**
     * For code that measures time by doing work (a loop that runs "for two seconds" while the test sleeps): while
     * any thread of the test runs, the clock moves at the rate of real time; when all are blocked it still jumps.
     *
     * @return true to let the clock follow real time while the test's threads run; default false, where CPU work
     *         takes no virtual time
     */
    boolean realTimeWhileBusy() default false;

    /**
     * ISO-8601: how far the clock moves when a thread spinning on it ({@code Thread.onSpinWait},
     * {@code Thread.yield}) is the only one holding it and no deadline is pending. "PT0S" turns that off.
     *
     * @return an ISO-8601 duration, zero or positive; default {@code PT0.000001S} (1 µs)
     */
    String spinTick() default "PT0.000001S";

    /** Policies for threads still alive when the test ends; they are interrupted in every case. */
    enum Leaks {
        /** Fail the test with a report of each thread: who started it, where, and what it is doing. */
        FAIL,
        /** Log the report as a warning. */
        WARN,
        /** Say nothing. */
        IGNORE
    }
}
