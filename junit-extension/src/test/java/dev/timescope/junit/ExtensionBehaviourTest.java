package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/** How {@link VirtualTime} meets JUnit: injection, life-cycle methods, nesting, bad settings. */
@VirtualTime
class ExtensionBehaviourTest {

    private VirtualClock injectedBeforeEach;
    private Instant seenInBeforeEach;

    @BeforeEach
    void setUp(VirtualClock clock) {
        injectedBeforeEach = clock;
        seenInBeforeEach = Instant.now();
    }

    @AfterEach
    void tearDown(VirtualClock clock) throws InterruptedException {
        assertThat(clock).isSameAs(injectedBeforeEach);
        Thread.sleep(1_000); // @AfterEach runs inside the domain too
    }

    @Test
    void beforeEachRunsInTheTestsDomainWithTheSameClock(VirtualClock clock) {
        assertThat(clock).isSameAs(injectedBeforeEach);
        assertThat(seenInBeforeEach).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(VirtualClock.current()).containsSame(clock);
    }

    @Test
    void eachTestStartsFromTheStartInstant(VirtualClock clock) throws InterruptedException {
        assertThat(clock.elapsed()).isZero();
        Thread.sleep(Duration.ofMinutes(3).toMillis());
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(3));
    }

    @Nested
    class InANestedClass {
        @Test
        void theOuterAnnotationApplies() {
            assertThat(Instant.now()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        }
    }

    @Nested
    @VirtualTime(start = "2031-02-03T04:05:06Z")
    class WithItsOwnAnnotation {
        @Test
        void theNearestAnnotationWins() {
            assertThat(Instant.now()).isEqualTo(Instant.parse("2031-02-03T04:05:06Z"));
        }
    }

    @Nested
    class Misconfiguration {
        @Test
        void aMalformedStartNamesTheAttributeAndTheValue() {
            List<Throwable> failures = TestKit.failures(TestKit.run(BadStart.class));

            assertThat(failures).singleElement().isInstanceOf(ExtensionConfigurationException.class);
            assertThat(failures.get(0).getMessage())
                    .contains("@VirtualTime on class dev.timescope.junit.ExtensionBehaviourTest$BadStart")
                    .contains("start = \"yesterday\" is not an ISO-8601 instant")
                    .contains("2030-01-01T00:00:00Z");
        }

        @Test
        void aMalformedGraceNamesTheAttributeAndTheValue() {
            List<Throwable> failures = TestKit.failures(TestKit.run(BadGrace.class));

            assertThat(failures).singleElement().isInstanceOf(ExtensionConfigurationException.class);
            assertThat(failures.get(0)).hasMessageContaining("deadlockGrace = \"1 second\" is not an ISO-8601 duration");
        }

        @Test
        void aClockCannotBeInjectedOutsideATest() {
            List<Throwable> failures = TestKit.containerFailures(TestKit.run(ClockInBeforeAll.class));

            assertThat(failures).singleElement().isInstanceOf(ParameterResolutionException.class);
            assertThat(failures.get(0)).hasMessageContaining("not into static void");
        }
    }

    @VirtualTime(start = "yesterday")
    static class BadStart {
        @Test
        void test() {
            // never runs
        }
    }

    @VirtualTime(deadlockGrace = "1 second")
    static class BadGrace {
        @Test
        void test() {
            // never runs
        }
    }

    @VirtualTime
    static class ClockInBeforeAll {
        @BeforeAll
        static void tooEarly(VirtualClock clock) {
            // never runs
        }

        @Test
        void test() {
            // never runs
        }
    }
}
