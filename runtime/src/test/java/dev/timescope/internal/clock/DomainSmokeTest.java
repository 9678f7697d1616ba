package dev.timescope.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.internal.hooks.ThreadHooks;
import dev.timescope.internal.hooks.TimeHooks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DomainSmokeTest {

    @Test
    void sleepersWakeInDeadlineOrderAtExactInstants() throws Exception {
        Domain domain = Domain.open(DomainOptions.builder().build());
        try {
            List<String> log = new CopyOnWriteArrayList<>();
            long t0 = TimeHooks.nanoTime();
            Thread a = TestMembers.start("five", () -> {
                TimeHooks.sleep(5_000);
                log.add("five@" + (TimeHooks.nanoTime() - t0));
            });
            Thread b = TestMembers.start("three", () -> {
                TimeHooks.sleep(3_000);
                log.add("three@" + (TimeHooks.nanoTime() - t0));
            });
            ThreadHooks.join(a);
            ThreadHooks.join(b);
            assertThat(log).containsExactly("three@3000000000", "five@5000000000");
            assertThat(TimeHooks.nanoTime() - t0).isEqualTo(5_000_000_000L);
        } finally {
            domain.close();
        }
    }
}
