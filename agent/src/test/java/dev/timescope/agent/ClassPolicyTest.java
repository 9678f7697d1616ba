package dev.timescope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.agent.instrumentation.Instrumentations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the agent rewrites: the JDK classes the contract needs, application code, and nothing else. */
class ClassPolicyTest {

    private final ClassPolicy defaults = new ClassPolicy(Instrumentations.all(), List.of(), List.of());

    @Test
    void theJdkClassesTheContractNeedsAreRewritten() {
        assertThat(defaults.classify("java/lang/Thread")).isEqualTo(ClassPolicy.Kind.JDK);
        assertThat(defaults.classify("java/lang/VirtualThread")).isEqualTo(ClassPolicy.Kind.JDK);
        for (String jdk : new String[] {"java/util/concurrent/locks/AbstractQueuedSynchronizer",
                "java/util/concurrent/FutureTask", "java/time/Clock", "java/time/Clock$SystemClock", "java/util/Date",
                "jdk/internal/misc/ThreadFlock", "java/util/Timer", "java/util/TimerThread", "java/util/TimerTask"}) {
            assertThat(defaults.classify(jdk)).as(jdk).isEqualTo(ClassPolicy.Kind.JDK);
        }
    }

    @Test
    void theRestOfTheJdkAndTheClassesTheHooksUseAreNot() {
        for (String skipped : new String[] {"java/lang/String", "java/util/HashMap", "javax/swing/JFrame",
                "sun/nio/ch/Poller", "java/util/TimerX", "java/time/ClockX", "java/util/TaskQueue"}) {
            assertThat(defaults.classify(skipped)).as(skipped).isEqualTo(ClassPolicy.Kind.SKIP);
        }
    }

    @Test
    void timescopeItselfAndTestFrameworksAreNotButTimescopesTestsAre() {
        for (String skipped : new String[] {"dev/timescope/VirtualClock", "dev/timescope/TaskScope",
                "dev/timescope/internal/clock/Domain", "dev/timescope/agent/Installer", "net/bytebuddy/ByteBuddy",
                "org/junit/jupiter/engine/JupiterTestEngine", "org/apache/maven/surefire/booter/ForkedBooter",
                "org/opentest4j/AssertionFailedError"}) {
            assertThat(defaults.classify(skipped)).as(skipped).isEqualTo(ClassPolicy.Kind.SKIP);
        }
        assertThat(defaults.classify("dev/timescope/junit/WakeOrderTest")).isEqualTo(ClassPolicy.Kind.APPLICATION);
        assertThat(defaults.classify("com/acme/RetryingClient")).isEqualTo(ClassPolicy.Kind.APPLICATION);
    }

    @Test
    void includeNarrowsAndExcludeRemoves() {
        ClassPolicy narrowed = new ClassPolicy(Instrumentations.all(), List.of("com.acme.*", "org.example.Clock"),
                List.of("com.acme.legacy.*"));
        assertThat(narrowed.classify("com/acme/Service")).isEqualTo(ClassPolicy.Kind.APPLICATION);
        assertThat(narrowed.classify("com/acme/deep/Service$Inner")).isEqualTo(ClassPolicy.Kind.APPLICATION);
        assertThat(narrowed.classify("org/example/Clock")).isEqualTo(ClassPolicy.Kind.APPLICATION);
        assertThat(narrowed.classify("org/example/Clock$Tick")).isEqualTo(ClassPolicy.Kind.APPLICATION);
        assertThat(narrowed.classify("org/example/Other")).isEqualTo(ClassPolicy.Kind.SKIP);
        assertThat(narrowed.classify("com/acme/legacy/Poller")).isEqualTo(ClassPolicy.Kind.SKIP);
        // the JDK targets are not the application's to narrow
        assertThat(narrowed.classify("java/util/concurrent/FutureTask")).isEqualTo(ClassPolicy.Kind.JDK);
    }

    @Test
    void theInstallersOwnSampleIsRewrittenWhateverTheOptionsNarrowItTo() {
        ClassPolicy narrowed = new ClassPolicy(Instrumentations.all(), List.of("com.acme.*"), List.of("org.*"));
        assertThat(narrowed.classify(ClassPolicy.PREWARM_SAMPLE)).isEqualTo(ClassPolicy.Kind.APPLICATION);
        assertThat(narrowed.classify("org/example/Clock")).isEqualTo(ClassPolicy.Kind.SKIP);
    }
}
