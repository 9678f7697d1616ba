package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Contract section 5: the wall-clock safety nets stay real. JUnit's timeout watcher is never a member, so
 * {@code @Timeout} counts real time while the test counts virtual time.
 */
class RealTimeoutTest {

    @Test
    void aVirtualDayFitsInARealTwoSecondTimeout() {
        TestKit.assertAllSucceeded(TestKit.run(SleepsADay.class), 1);
    }

    @Test
    void aRealHangIsStillCutByTheRealTimeout() {
        List<Throwable> failures = TestKit.failures(TestKit.run(HangsForReal.class));

        assertThat(failures).singleElement().isInstanceOf(TimeoutException.class);
        assertThat(failures.get(0).getMessage()).contains("timed out after 200 milliseconds");
    }

    @VirtualTime
    static class SleepsADay {
        @Test
        @Timeout(value = 2, unit = TimeUnit.SECONDS)
        void sleepsADay() throws InterruptedException {
            Thread.sleep(Duration.ofDays(1).toMillis());
        }
    }

    @VirtualTime(deadlockGrace = "PT30S")
    static class HangsForReal {
        @Test
        @Timeout(value = 200, unit = TimeUnit.MILLISECONDS)
        void waitsForever() throws InterruptedException {
            new CountDownLatch(1).await(); // no timer: the virtual clock cannot end it, only @Timeout can
        }
    }
}
