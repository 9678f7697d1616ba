package dev.timescope.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.testing.LogCapture;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aiotools' tests/test_server.py, one test each, with worker processes (child JVMs) started from this JVM. Where
 * aiotools passes {@code args} to its workers, these pass the records file as the main context's value.
 */
class ServerTest {

    @TempDir
    Path dir;

    private Path records() {
        return dir.resolve("records");
    }

    private List<String> lines() throws Exception {
        return Records.read(records()).stream().map(line -> line.replaceAll("^(started:\\d+):\\d+$", "$1"))
                .collect(Collectors.toList());
    }

    /** Ports test_server_singleproc. */
    @Test
    void serverSingleproc() throws Exception {
        int status = Server.builder(TestWorkers.Recording.class).mainContext(new Records.Main(records()))
                .runToCompletion(true).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(lines()).contains("started:0", "terminated:0:TERM");
    }

    /** Ports test_server_multiproc. */
    @Test
    void serverMultiproc() throws Exception {
        int status = Server.builder(TestWorkers.Recording.class).workers(3).mainContext(new Records.Main(records()))
                .runToCompletion(true).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(lines()).containsExactlyInAnyOrder("main:setUp", "started:0", "started:1", "started:2",
                "terminated:0:TERM", "terminated:1:TERM", "terminated:2:TERM", "main:tearDown:TERM");
    }

    /** Ports test_server_multiproc_custom_stop_signals: running to completion, the lowest stop signal is returned. */
    @Test
    void serverMultiprocCustomStopSignals() throws Exception {
        int status = Server.builder(TestWorkers.Recording.class).workers(2).mainContext(new Records.Main(records()))
                .stopSignals(Signal.USR2, Signal.USR1).runToCompletion(true).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(lines()).contains("started:0", "started:1", "terminated:0:USR1", "terminated:1:USR1");
    }

    /**
     * Ports test_server_worker_init_error: two of four workers fail in their set-up, logged with their index. As
     * there (where running to completion implies it), the others are let run to their end.
     */
    @Test
    void serverWorkerInitError() throws Exception {
        int status;
        List<String> log;
        try (LogCapture capture = LogCapture.start()) {
            status = Server.builder(TestWorkers.FailingZeroAndTwo.class).workers(4)
                    .mainContext(new Records.Main(records())).runToCompletion(true).ignoreWorkerFailures(true)
                    .run();
            log = capture.messages();
        }

        assertThat(status).isEqualTo(Server.EXIT_FAILURE);
        List<String> lines = lines();
        assertThat(lines.stream().filter(line -> line.startsWith("started:"))).hasSize(4);
        assertThat(lines).contains("terminated:1:TERM", "terminated:3:TERM")
                .doesNotContain("terminated:0:TERM", "terminated:2:TERM");
        assertThat(log.stream().filter(m -> m.contains("ArithmeticException: oops"))).hasSize(2);
        assertThat(log).anySatisfy(m -> assertThat(m)
                .startsWith("SEVERE: worker 0 failed in its set-up; the others go on (ignoreWorkerFailures)")
                .contains("oops in worker 0"));
        assertThat(log).anySatisfy(m -> assertThat(m).startsWith("SEVERE: worker 2 failed in its set-up")
                .contains("oops in worker 2"));
    }

    /** Ports test_server_user_main: set up before the workers, its value handed to each, torn down after. */
    @Test
    void serverUserMain() throws Exception {
        int status = Server.builder(TestWorkers.Recording.class).workers(3).mainContext(new Records.Main(records()))
                .runToCompletion(true).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        List<String> lines = lines();
        assertThat(lines.get(0)).isEqualTo("main:setUp");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("main:tearDown:TERM");
        assertThat(lines).hasSize(8);
    }

    /** Ports test_server_user_main_custom_stop_signals: the main context and every worker learn USR1. */
    @Test
    void serverUserMainCustomStopSignals() throws Exception {
        int status = Server.builder(TestWorkers.Recording.class).workers(3).mainContext(new Records.Main(records()))
                .stopSignals(Signal.USR1).runToCompletion(true).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(lines()).contains("terminated:0:USR1", "terminated:1:USR1", "terminated:2:USR1",
                "main:tearDown:USR1");
    }

    /** Ports test_server_user_main_tuple: a main value of several parts reaches every worker whole. */
    @Test
    void serverUserMainTuple() throws Exception {
        AtomicReference<TestWorkers.Tuple> tornDown = new AtomicReference<>();
        int status = Server.builder(TestWorkers.TupleReader.class).workers(3)
                .mainContext(new MainContext<TestWorkers.Tuple>() {
                    @Override
                    public TestWorkers.Tuple setUp() {
                        return new TestWorkers.Tuple(records().toString(), 987, 654);
                    }

                    @Override
                    public void tearDown(TestWorkers.Tuple value, Signal stop) {
                        tornDown.set(value);
                    }
                }).runToCompletion(true).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(lines()).containsExactlyInAnyOrder("args:0:987:654", "args:1:987:654", "args:2:987:654");
        assertThat(tornDown.get().first()).isEqualTo(987);
    }

    /** Ports test_server_extra_proc: extra processes run beside the workers, with the indexes after theirs. */
    @Test
    void serverExtraProc() throws Exception {
        int status = Server.builder(TestWorkers.Recording.class).workers(3).extraProcess(TestWorkers.Extra.class)
                .extraProcess(TestWorkers.Extra.class).extraProcess(TestWorkers.Extra.class)
                .mainContext(new Records.Main(records())).runToCompletion(true).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(lines()).contains("extra:3:TERM", "extra:4:TERM", "extra:5:TERM", "terminated:0:TERM",
                "terminated:1:TERM", "terminated:2:TERM");
    }

    /**
     * Ports test_server_extra_proc_custom_stop_signal: USR1 sent to this process (once every worker and extra
     * process is up, where aiotools waits 3 s) reaches the extra processes.
     */
    @Test
    void serverExtraProcCustomStopSignal() throws Exception {
        long self = ProcessHandle.current().pid();
        int status = Server.builder(TestWorkers.Recording.class).workers(3).extraProcess(TestWorkers.Extra.class)
                .extraProcess(TestWorkers.Extra.class).mainContext(new Records.Main(records()))
                .stopSignals(Signal.USR1).whenReady(() -> {
                    try {
                        Signals.send(self, Signal.USR1);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).run();

        assertThat(status).isEqualTo(Server.EXIT_OK);
        assertThat(lines()).contains("extra:3:USR1", "extra:4:USR1", "terminated:0:USR1", "main:tearDown:USR1");
    }
}
