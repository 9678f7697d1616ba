package dev.timescope.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs a case class through the Jupiter engine and hands back what each of its tests threw. */
final class TestKit {

    private TestKit() {
    }

    static EngineExecutionResults run(Class<?> caseClass) {
        return run(caseClass, Map.of());
    }

    static EngineExecutionResults run(Class<?> caseClass, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(selectClass(caseClass))
                .execute();
    }

    /** Asserts that every test of the run passed, showing each failure's stack if one did not. */
    static void assertAllSucceeded(EngineExecutionResults results, int expected) {
        List<Throwable> failures = failures(results);
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " of the case's tests failed; the first: "
                    + failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
        results.testEvents().assertStatistics(stats -> stats.succeeded(expected).failed(0));
    }

    /** The throwable each failed test ended with, in execution order. */
    static List<Throwable> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(TestKit::throwable)
                .collect(Collectors.toList());
    }

    /** The throwable each failed container (a class whose @BeforeAll failed...) ended with. */
    static List<Throwable> containerFailures(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .map(TestKit::throwable)
                .collect(Collectors.toList());
    }

    private static Throwable throwable(Event event) {
        return event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .orElseThrow(() -> new AssertionError("no throwable in " + event));
    }
}
