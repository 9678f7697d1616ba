package dev.timescope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the agent rewrites: the JDK classes the contract needs, application code, and nothing else. */
class ClassPolicyTest {

    private final ClassPolicy defaults = new ClassPolicy(List.of(), List.of());

    @Test
    void theJdkClassesTheContractNeedsAreRewritten() {
        assertThat(defaults.classify("java/lang/Thread")).isEqualTo(ClassPolicy.Action.THREAD_LIFECYCLE);
        assertThat(defaults.classify("java/lang/VirtualThread")).isEqualTo(ClassPolicy.Action.THREAD_LIFECYCLE);
        for (String jdk : new String[] {"java/util/concurrent/locks/AbstractQueuedSynchronizer",
                "java/util/concurrent/FutureTask", "java/time/Clock$SystemClock", "java/util/Date",
                "jdk/internal/misc/ThreadFlock"}) {
            assertThat(defaults.classify(jdk)).as(jdk).isEqualTo(ClassPolicy.Action.CALL_SITES);
        }
    }

    @Test
    void theRestOfTheJdkAndTheClassesTheHooksUseAreNot() {
        for (String skipped : new String[] {"java/lang/String", "java/util/HashMap", "javax/swing/JFrame",
                "sun/nio/ch/Poller", "java/util/concurrent/locks/LockSupport", "java/util/concurrent/ConcurrentHashMap",
                "java/util/concurrent/ConcurrentHashMap$TreeBin", "java/util/concurrent/ThreadLocalRandom"}) {
            assertThat(defaults.classify(skipped)).as(skipped).isEqualTo(ClassPolicy.Action.SKIP);
        }
    }

    @Test
    void timescopeItselfAndTestFrameworksAreNotButTimescopesTestsAre() {
        for (String skipped : new String[] {"dev/timescope/VirtualClock", "dev/timescope/TaskScope",
                "dev/timescope/internal/clock/Domain", "dev/timescope/agent/Installer", "net/bytebuddy/ByteBuddy",
                "org/junit/jupiter/engine/JupiterTestEngine", "org/apache/maven/surefire/booter/ForkedBooter",
                "org/opentest4j/AssertionFailedError"}) {
            assertThat(defaults.classify(skipped)).as(skipped).isEqualTo(ClassPolicy.Action.SKIP);
        }
        assertThat(defaults.classify("dev/timescope/junit/WakeOrderTest")).isEqualTo(ClassPolicy.Action.CALL_SITES);
        assertThat(defaults.classify("com/acme/RetryingClient")).isEqualTo(ClassPolicy.Action.CALL_SITES);
    }

    @Test
    void includeNarrowsAndExcludeRemoves() {
        ClassPolicy narrowed = new ClassPolicy(List.of("com.acme.*", "org.example.Clock"), List.of("com.acme.legacy.*"));
        assertThat(narrowed.classify("com/acme/Service")).isEqualTo(ClassPolicy.Action.CALL_SITES);
        assertThat(narrowed.classify("com/acme/deep/Service$Inner")).isEqualTo(ClassPolicy.Action.CALL_SITES);
        assertThat(narrowed.classify("org/example/Clock")).isEqualTo(ClassPolicy.Action.CALL_SITES);
        assertThat(narrowed.classify("org/example/Clock$Tick")).isEqualTo(ClassPolicy.Action.CALL_SITES);
        assertThat(narrowed.classify("org/example/Other")).isEqualTo(ClassPolicy.Action.SKIP);
        assertThat(narrowed.classify("com/acme/legacy/Poller")).isEqualTo(ClassPolicy.Action.SKIP);
        // the JDK targets are not the application's to narrow
        assertThat(narrowed.classify("java/util/concurrent/FutureTask")).isEqualTo(ClassPolicy.Action.CALL_SITES);
    }
}
