package dev.timescope.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The durations in reports read the way people write them. */
class ReportsTest {

    @Test
    void durationsAreShortAndExact() {
        assertThat(Reports.formatDuration(0)).isEqualTo("0s");
        assertThat(Reports.formatDuration(750)).isEqualTo("750ns");
        assertThat(Reports.formatDuration(1_500)).isEqualTo("1.5µs");
        assertThat(Reports.formatDuration(250_000_000)).isEqualTo("250ms");
        assertThat(Reports.formatDuration(5_000_000_000L)).isEqualTo("5s");
        assertThat(Reports.formatDuration(5_250_000_000L)).isEqualTo("5.25s");
        assertThat(Reports.formatDuration(3_723_000_000_000L)).isEqualTo("1h 2m 3s");
        assertThat(Reports.formatDuration(90_061_000_000_000L)).isEqualTo("1d 1h 1m 1s");
    }

    @Test
    void hookFramesAreTrimmedFromTheTopOfAStack() {
        StackTraceElement[] stack = {
            new StackTraceElement("jdk.internal.misc.Unsafe", "park", null, -2),
            new StackTraceElement("dev.timescope.internal.clock.Domain", "awaitWake", null, 1),
            new StackTraceElement("dev.timescope.internal.hooks.ParkHooks", "park", null, 2),
            new StackTraceElement("java.util.concurrent.CountDownLatch", "await", null, 3),
            new StackTraceElement("com.acme.Test", "run", null, 4),
        };
        assertThat(Reports.trimHooks(stack)).extracting(StackTraceElement::getClassName)
                .containsExactly("java.util.concurrent.CountDownLatch", "com.acme.Test");
    }
}
