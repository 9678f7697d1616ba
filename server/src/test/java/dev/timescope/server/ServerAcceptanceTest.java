package dev.timescope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4-worker server in child JVMs, its main process a child of this test ({@link TestServerMain}): stop signals
 * from outside, a failing worker, a worker that ignores its stop, a main process killed outright. Every wait is
 * for a process event (readiness, exit), bounded generously.
 */
class ServerAcceptanceTest {

    private static final Duration READY = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private Path records() {
        return dir.resolve("records");
    }

    private ChildProcess serve(String worker, int waitTimeoutSeconds, String... stopSignals) throws Exception {
        List<String> args = new ArrayList<>(List.of(records().toString(), worker,
                Integer.toString(waitTimeoutSeconds)));
        args.addAll(List.of(stopSignals));
        return ChildProcess.start(TestServerMain.class, args.toArray(String[]::new));
    }

    private List<Long> workerPids() throws Exception {
        List<Long> pids = new ArrayList<>();
        for (String line : Records.read(records())) {
            if (line.startsWith("started:")) {
                pids.add(Long.parseLong(line.substring(line.lastIndexOf(':') + 1)));
            }
        }
        return pids;
    }

    private void assertNoWorkerLeft() throws Exception {
        for (long pid : workerPids()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("worker pid " + pid)
                    .isNotEqualTo(java.util.Optional.of(true));
        }
    }

    private void assertStoppedBy(Signal stop) throws Exception {
        // What happened, in order; log records (a warning that a stop signal cannot reach the process) aside.
        List<String> lines = Records.read(records()).stream().filter(line -> !line.startsWith("log:"))
                .collect(java.util.stream.Collectors.toList());
        assertThat(lines.get(0)).isEqualTo("main:setUp");
        assertThat(lines.stream().filter(line -> line.startsWith("started:"))).hasSize(4);
        for (int index = 0; index < 4; index++) {
            assertThat(lines).contains("terminated:" + index + ":" + stop);
        }
        assertThat(lines.get(lines.size() - 1)).as("the main context tears down after every worker")
                .isEqualTo("main:tearDown:" + stop);
    }

    private void stopsEveryWorkerWith(Signal stop, String... configured) throws Exception {
        ChildProcess server = serve("Recording", 30, configured);
        assertThat(server.awaitReady(READY)).isTrue();

        server.signal(stop);

        assertThat(server.waitFor()).isEqualTo(Server.EXIT_OK);
        assertStoppedBy(stop);
        assertNoWorkerLeft();
    }

    @Test
    void termToTheMainProcessStopsEveryWorkerThenTheMainContext() throws Exception {
        stopsEveryWorkerWith(Signal.TERM);
    }

    @Test
    void intToTheMainProcessStopsEveryWorkerThenTheMainContext() throws Exception {
        TestSignals.assumeDeliverable(Signal.INT);
        stopsEveryWorkerWith(Signal.INT);
    }

    @Test
    void aConfiguredUsr1StopsEveryWorkerThenTheMainContext() throws Exception {
        stopsEveryWorkerWith(Signal.USR1, "USR1");
    }

    /** TERM and INT in quick succession: the JVM handles them on threads of their own, so either may come first. */
    @Test
    void aSecondSignalDoesNotStartASecondShutdown() throws Exception {
        ChildProcess server = serve("Recording", 30);
        assertThat(server.awaitReady(READY)).isTrue();

        server.signal(Signal.TERM);
        server.signal(Signal.INT);

        assertThat(server.waitFor()).isEqualTo(Server.EXIT_OK);
        List<String> lines = Records.read(records());
        List<String> tearDowns = lines.stream().filter(line -> line.startsWith("main:tearDown:"))
                .collect(java.util.stream.Collectors.toList());
        assertThat(tearDowns).hasSize(1);
        assertStoppedBy(Signal.valueOf(tearDowns.get(0).substring("main:tearDown:".length())));
    }

    @Test
    void aWorkerFailingInItsSetUpStopsTheRest() throws Exception {
        ChildProcess server = serve("FailingTwo", 30);

        assertThat(server.waitFor()).isEqualTo(Server.EXIT_FAILURE);
        List<String> lines = Records.read(records());
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("log:SEVERE:worker 2 failed in its set-up")
                .contains("IllegalStateException: worker 2 cannot open its database"));
        for (String line : lines) {
            if (line.startsWith("started:") && !line.startsWith("started:2:")) {
                String index = line.split(":")[1];
                assertThat(lines).contains("terminated:" + index + ":TERM");
            }
        }
        assertThat(lines.get(lines.size() - 1)).isEqualTo("main:tearDown:TERM");
        assertNoWorkerLeft();
    }

    /** The wait timeout is generous (10 s) so that the three workers that do stop always make it in time. */
    @Test
    void aWorkerIgnoringItsStopIsKilledAfterTheWaitTimeout() throws Exception {
        ChildProcess server = serve("ThreeIgnoresStop", 10);
        assertThat(server.awaitReady(READY)).isTrue();

        server.signal(Signal.TERM);

        assertThat(server.waitFor()).isEqualTo(Server.EXIT_KILLED);
        List<String> lines = Records.read(records());
        assertThat(lines).contains("ignoring:3:TERM", "terminated:0:TERM", "terminated:1:TERM", "terminated:2:TERM",
                "log:WARNING:worker 3 still running PT10S after SIGTERM; killing it")
                .doesNotContain("terminated:3:TERM");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("main:tearDown:TERM");
        assertNoWorkerLeft();
    }

    @Test
    void theMainProcessKilledWithKillLeavesNoWorkerBehind() throws Exception {
        ChildProcess server = serve("Recording", 30);
        assertThat(server.awaitReady(READY)).isTrue();
        List<Long> pids = workerPids();

        server.signal(Signal.KILL);

        assertThat(server.waitFor()).isEqualTo(-Signal.KILL.number());
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(worker -> {
                try {
                    worker.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("worker pid " + pid + " outlived its killed server", e);
                }
            });
        }
        List<String> lines = Records.read(records());
        for (int index = 0; index < 4; index++) {
            assertThat(lines).as("each worker tears down when the control channel closes")
                    .contains("terminated:" + index + ":TERM");
        }
        assertThat(lines).doesNotContain("main:tearDown:TERM");
    }

    /** A worker that ignores its stop still ends when its main process dies: it halts after its grace. */
    @Test
    void theMainProcessKilledWithKillLeavesNoWorkerBehindEvenOneIgnoringItsStop() throws Exception {
        ChildProcess server = serve("ThreeIgnoresStop", 30);
        assertThat(server.awaitReady(READY)).isTrue();
        List<Long> pids = workerPids();

        server.signal(Signal.KILL);

        assertThat(server.waitFor()).isEqualTo(-Signal.KILL.number());
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(worker -> {
                try {
                    worker.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("worker pid " + pid + " outlived its killed server", e);
                }
            });
        }
        assertThat(Records.read(records())).contains("ignoring:3:TERM").doesNotContain("terminated:3:TERM");
    }
}
