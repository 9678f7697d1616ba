package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.timescope.VirtualClock;
import dev.timescope.junit.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@VirtualTime                                                   // each test method gets its own virtual clock
class RetryingClientTest {

    @Test
    void backsOffExponentially(VirtualClock clock) throws Exception {
        var client = new RetryingClient(flakyServer(3));       // your code, unchanged: it calls Thread.sleep
        assertThat(client.call()).isEqualTo("ok");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(7));      // 1 s + 2 s + 4 s: instant, and exact
    }

    @Test
    void givesUpAfterFiveAttempts() {
        var client = new RetryingClient(flakyServer(Integer.MAX_VALUE));
        assertThatThrownBy(client::call).hasMessage("server down");
        assertThat(Instant.now()).isEqualTo("2000-01-01T00:00:15Z");      // the clock starts at 2000-01-01
    }

    static Supplier<String> flakyServer(int failures) {       // fails the first `failures` calls
        var calls = new AtomicInteger();
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("server down");
            }
            return "ok";
        };
    }
}
