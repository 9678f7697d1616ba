package dev.timescope.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.timescope.DeadlockError;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Contract section 4: a report reaches the user once, with its test. The failing test's error carries it; nothing
 * prints it a second time (standard output, standard error, a log record), and nothing of it appears after the test
 * has finished, under the next test class. Each case runs a test class that fails, then another one, the way
 * Surefire runs them, while everything printed or logged is recorded in order with the end of each test.
 */
class ReportShownOnceTest {

    @Test
    void aDeadlockReportIsShownOnceInTheFailingTestsErrorAndNothingOfItAfterTheTestEnds() {
        Run run = new Run().execute(Deadlocks.class, RunsAfterIt.class);

        Throwable error = run.failures.get("waitForEachOther()");
        assertThat(error).isInstanceOf(DeadlockError.class);
        String headline = "deadlock in virtual-time domain \"Deadlocks#waitForEachOther\"";
        assertThat(error.getMessage()).contains(headline)
                .contains("\"alice\": parked on java.util.concurrent.CountDownLatch$Sync")
                .contains("\"bob\": parked on java.util.concurrent.CountDownLatch$Sync");
        assertThat(run.failures).as("only the deadlocking test failed").containsOnlyKeys("waitForEachOther()");
        assertThat(run.passed).contains("sleepsAnHour()", "waitsInRealTime()");

        assertThat(occurrences(run.everythingThrown(), headline)).as("in the failing test's error, once").isEqualTo(1);
        assertThat(occurrences(run.printed(), headline)).as("printed:\n" + run.printed()).isZero();
        assertThat(occurrences(run.loggedText(), headline)).as("logged:\n" + run.loggedText()).isZero();
        assertThat(run.printedAfter("waitForEachOther()")).as("printed after the test ended").doesNotContain("timescope");
        assertThat(run.loggedAfter("waitForEachOther()")).as("logged after the test ended").isEmpty();
    }

    /**
     * The one report no thread can throw at once: the root is blocked entering a monitor that a blocked member holds.
     * It is printed, once, while the test still runs; when the root is free again the test fails with an error that
     * points to it rather than a second copy.
     */
    @Test
    void aDeadlockNoThreadCanBeToldOfIsPrintedOnceWhileItsTestRunsAndTheErrorPointsToIt() throws InterruptedException {
        RootBlockedOnAMonitor.release = new CountDownLatch(1);
        Run run = new Run();
        // Outside every domain, as a thread of another part of the program would be: it frees the member once the
        // report is out, and so the root, whose test then ends.
        Thread releaser = new Thread(() -> {
            try {
                while (run.logged.isEmpty()) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                return;
            }
            RootBlockedOnAMonitor.release.countDown();
        }, "releaser");
        releaser.setDaemon(true);
        releaser.start();

        run.execute(RootBlockedOnAMonitor.class, RunsAfterIt.class);
        releaser.join(TimeUnit.SECONDS.toMillis(30));

        String headline = "deadlock in virtual-time domain \"RootBlockedOnAMonitor#entersAMonitorABlockedMemberHolds\"";
        Throwable error = run.failures.get("entersAMonitorABlockedMemberHolds()");
        assertThat(error).isInstanceOf(DeadlockError.class);
        assertThat(error.getMessage()).contains(headline)
                .contains("Its report was printed when it was found")
                .doesNotContain("Members (");
        assertThat(run.logged).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
            assertThat(r.getMessage()).contains(headline)
                    .contains("\"holder\": parked on java.util.concurrent.CountDownLatch$Sync");
        });
        assertThat(occurrences(run.everythingThrown() + run.printed() + run.loggedText(), "\"holder\": parked on"))
                .as("the report's text, once overall").isEqualTo(1);
        assertThat(run.printedAfter("entersAMonitorABlockedMemberHolds()")).doesNotContain("timescope");
        assertThat(run.loggedAfter("entersAMonitorABlockedMemberHolds()")).isEmpty();
        assertThat(run.passed).contains("sleepsAnHour()", "waitsInRealTime()");
    }

    /** The extension puts the report first when a test replaces it with a consequence, but never adds a copy. */
    @Test
    void aReportTheTestWrappedIsNotAttachedASecondTime() {
        Run run = new Run().execute(WrapsTheReport.class, RunsAfterIt.class);

        Throwable error = run.failures.get("wrapsIt()");
        assertThat(error).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(DeadlockError.class);
        String headline = "deadlock in virtual-time domain \"WrapsTheReport#wrapsIt\"";
        assertThat(occurrences(run.everythingThrown(), headline)).isEqualTo(1);
        assertThat(occurrences(run.printed() + run.loggedText(), headline)).isZero();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Order(1)
    @VirtualTime(deadlockGrace = "PT0.2S")
    static class Deadlocks {
        @Test
        void waitForEachOther() throws InterruptedException {
            new DeadlockReportTest.TwoLatches().waitForEachOther(); // alice and bob wait for each other
        }
    }

    @Order(1)
    @VirtualTime(deadlockGrace = "PT0.2S")
    static class RootBlockedOnAMonitor {
        static volatile CountDownLatch release;

        @Test
        void entersAMonitorABlockedMemberHolds() throws InterruptedException {
            Object lock = new Object();
            CountDownLatch locked = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                synchronized (lock) {
                    locked.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "holder");
            holder.start();
            locked.await();
            synchronized (lock) {
                // entered once the releaser, outside the domain, has seen the report and freed the holder
            }
            holder.join();
        }
    }

    @Order(1)
    @VirtualTime(deadlockGrace = "PT0.2S")
    static class WrapsTheReport {
        @Test
        void wrapsIt() {
            try {
                new CountDownLatch(1).await();
            } catch (DeadlockError | InterruptedException e) {
                throw new IllegalStateException("could not finish", e);
            }
        }
    }

    /** Runs after the failing class, as the next class of a Surefire run; its second test waits in real time. */
    @Order(2)
    static class RunsAfterIt {
        @Test
        @VirtualTime
        void sleepsAnHour() throws InterruptedException {
            Thread.sleep(TimeUnit.HOURS.toMillis(1));
        }

        @Test
        void waitsInRealTime() throws InterruptedException {
            Thread.sleep(300); // outside a domain: real time, for anything late to show up
        }
    }

    /** One launcher run, with everything printed and logged during it, in order with the end of each test. */
    private static final class Run {
        final Map<String, Throwable> failures = new LinkedHashMap<>();
        final List<String> passed = new ArrayList<>();
        final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder printed = new StringBuilder();
        private final Map<String, int[]> endOf = new LinkedHashMap<>(); // test -> {printed length, records logged}

        Run execute(Class<?>... classes) {
            Run run = this;
            PrintStream out = System.out;
            PrintStream err = System.err;
            Logger root = Logger.getLogger("");
            Handler handler = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    run.logged.add(record);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            handler.setLevel(java.util.logging.Level.ALL);
            PrintStream capture = new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (run) {
                        run.printed.append(new String(b, off, len, StandardCharsets.UTF_8));
                    }
                }
            }, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            root.addHandler(handler);
            try {
                LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toArray(
                                org.junit.platform.engine.DiscoverySelector[]::new))
                        .filters(EngineFilter.includeEngines("junit-jupiter"))
                        .configurationParameter(ClassOrderer.DEFAULT_ORDER_PROPERTY_NAME,
                                ClassOrderer.OrderAnnotation.class.getName())
                        .build(), run.listener());
            } finally {
                root.removeHandler(handler);
                System.setOut(out);
                System.setErr(err);
            }
            return run;
        }

        private TestExecutionListener listener() {
            return new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                    if (!test.isTest()) {
                        return;
                    }
                    synchronized (Run.this) {
                        endOf.put(test.getDisplayName(), new int[] {printed.length(), logged.size()});
                        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                            passed.add(test.getDisplayName());
                        } else {
                            failures.put(test.getDisplayName(), result.getThrowable().orElse(null));
                        }
                    }
                }
            };
        }

        synchronized String printed() {
            return printed.toString();
        }

        synchronized String printedAfter(String test) {
            return printed.substring(endOf.get(test)[0]);
        }

        List<LogRecord> loggedAfter(String test) {
            synchronized (this) {
                return new ArrayList<>(logged.subList(endOf.get(test)[1], logged.size()));
            }
        }

        String loggedText() {
            StringBuilder sb = new StringBuilder();
            synchronized (logged) {
                for (LogRecord r : logged) {
                    sb.append(r.getLevel()).append(": ").append(r.getMessage()).append('\n');
                    if (r.getThrown() != null) {
                        sb.append(everything(r.getThrown()));
                    }
                }
            }
            return sb.toString();
        }

        /** The messages of every failure, its causes and suppressed exceptions, as a stack trace would show them. */
        String everythingThrown() {
            StringBuilder sb = new StringBuilder();
            for (Throwable t : failures.values()) {
                sb.append(everything(t));
            }
            return sb.toString();
        }

        private static String everything(Throwable thrown) {
            StringBuilder sb = new StringBuilder();
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Throwable> toVisit = new ArrayList<>(List.of(thrown));
            while (!toVisit.isEmpty()) {
                Throwable t = toVisit.remove(0);
                if (t == null || !seen.add(t)) {
                    continue;
                }
                sb.append(t.getMessage()).append('\n');
                toVisit.add(t.getCause());
                toVisit.addAll(List.of(t.getSuppressed()));
            }
            return sb.toString();
        }
    }
}
