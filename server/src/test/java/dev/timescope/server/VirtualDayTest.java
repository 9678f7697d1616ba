package dev.timescope.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A server in thread mode under {@code @VirtualTime}: a virtual day of ticks, not a real one. */
@VirtualTime
class VirtualDayTest {

    static final AtomicInteger TICKS = new AtomicInteger();
    static final AtomicInteger STOPPED_BY_TERM = new AtomicInteger();

    /** Ticks every virtual minute for a virtual day, then ends. */
    public static final class DayTicker implements Worker {
        @Override
        public void run(WorkerContext context) throws InterruptedException {
            for (int minute = 0; minute < 24 * 60; minute++) {
                Thread.sleep(Duration.ofMinutes(1).toMillis());
                TICKS.incrementAndGet();
            }
        }
    }

    /** Ticks every virtual minute until a stop signal reaches it. */
    public static final class TickerUntilStopped implements Worker {
        @Override
        public void run(WorkerContext context) throws InterruptedException {
            while (context.stopSignal().isEmpty()) {
                Thread.sleep(Duration.ofMinutes(1).toMillis());
                TICKS.incrementAndGet();
            }
            if (context.stopSignal().get() == Signal.TERM) {
                STOPPED_BY_TERM.incrementAndGet();
            }
        }
    }

    /** Sends TERM to this process after a virtual day. */
    public static final class TermAfterADay implements Worker {
        @Override
        public void run(WorkerContext context) throws Exception {
            Thread.sleep(Duration.ofDays(1).toMillis());
            Signals.send(ProcessHandle.current().pid(), Signal.TERM);
            context.awaitStop();
        }
    }

    @Test
    void fourWorkerThreadsTickEveryVirtualMinuteThroughAVirtualDay(VirtualClock clock) throws Exception {
        TICKS.set(0);

        int status = Server.builder(DayTicker.class).workers(4).threads().runToCompletion(true).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(TICKS).hasValue(4 * 24 * 60);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aStopSignalAfterAVirtualDayStopsWorkerThreadsThatTickUntilStopped(VirtualClock clock) throws Exception {
        TICKS.set(0);
        STOPPED_BY_TERM.set(0);

        // A worker notices the stop at its next tick, up to a virtual minute later: the wait timeout allows for it.
        int status = Server.builder(TickerUntilStopped.class).workers(4).extraProcess(TermAfterADay.class)
                .threads().waitTimeout(Duration.ofMinutes(5)).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(STOPPED_BY_TERM).hasValue(4);
        assertThat(TICKS.get()).isGreaterThanOrEqualTo(4 * 24 * 60);
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofDays(1));
    }
}
