package dev.timescope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** aiotools' tests/test_fork.py, one test each, with {@link ChildProcess}. */
class ForkTest {

    private static final Duration READY = Duration.ofSeconds(60);

    /** Ports test_fork: a child's exit code comes back. */
    @Test
    void fork() throws Exception {
        ChildProcess child = ChildProcess.start(ForkChildren.Hello.class);

        assertThat(child.pid()).isPositive();
        assertThat(child.waitFor()).isEqualTo(99);
    }

    /** Ports test_fork_already_terminated: waiting for a child that has already ended. */
    @Test
    void forkAlreadyTerminated() throws Exception {
        ChildProcess child = ChildProcess.start(ForkChildren.Hello.class);
        ProcessHandle.of(child.pid()).ifPresent(handle -> handle.onExit().join());

        assertThat(child.isAlive()).isFalse();
        assertThat(child.waitFor()).isEqualTo(99);
    }

    /** Ports test_fork_signal: a child that handles INT exits with its own code. */
    @Test
    void forkSignal() throws Exception {
        TestSignals.assumeDeliverable(Signal.INT);
        ChildProcess child = ChildProcess.start(ForkChildren.CatchesInt.class);
        assertThat(child.awaitReady(READY)).isTrue();

        child.signal(Signal.INT);

        assertThat(child.waitFor()).isEqualTo(101);
    }

    /** Ports test_fork_segfault: a child ended by a signal it cannot handle reports minus its number. */
    @Test
    void forkSegfault() throws Exception {
        ChildProcess child = ChildProcess.start(ForkChildren.KillsItself.class);

        assertThat(child.waitFor()).isEqualTo(-Signal.KILL.number());
    }

    /**
     * Ports test_fork_many, with 8 children where aiotools starts 32 (each is a JVM here, on a 2-processor
     * machine): half get INT, which they handle; half get TERM, which ends them.
     */
    @Test
    void forkMany() throws Exception {
        TestSignals.assumeDeliverable(Signal.INT);
        List<ChildProcess> children = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            children.add(ChildProcess.start(ForkChildren.CatchesInt.class));
        }
        for (ChildProcess child : children) {
            assertThat(child.awaitReady(READY)).isTrue();
        }
        for (int i = 0; i < 8; i++) {
            children.get(i).signal(i < 4 ? Signal.INT : Signal.TERM);
        }
        for (int i = 0; i < 8; i++) {
            assertThat(children.get(i).waitFor()).isEqualTo(i < 4 ? 101 : -Signal.TERM.number());
        }
    }

    /**
     * A process that began with INT ignored (as nohup starts one) keeps it ignored in a JVM: catching it cannot work,
     * and is said, with the stop signals that still reach the process; otherwise nothing is said.
     */
    @Test
    void aStopSignalTheProcessBeganIgnoringIsSaidNotSilentlyLost() throws Exception {
        String[] ignoring = childJvm("trap '' INT; ");
        assertThat(ignoring[0]).contains("INT ignored at start: true").contains("caught");
        assertThat(ignoring[1]).contains("SIGINT cannot stop this process: it began with that signal ignored")
                .contains("SIGTERM still does");
    }

    @Test
    void aProcessThatBeganWithItsStopSignalsHandledSaysNothing() throws Exception {
        TestSignals.assumeDeliverable(Signal.INT);
        String[] usual = childJvm("");
        assertThat(usual[0]).contains("INT ignored at start: false").contains("caught");
        assertThat(usual[1]).doesNotContain("cannot stop this process");
    }

    /** Standard output and error of {@link ForkChildren.ReportsIgnoredInt}, started by {@code sh} after {@code prefix}. */
    private static String[] childJvm(String prefix) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("sh", "-c", prefix + "exec \"$0\" -cp \"$1\" \"$2\"", java,
                System.getProperty("java.class.path"), ForkChildren.ReportsIgnoredInt.class.getName()).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        return new String[] {out, err.get()};
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The readiness handshake is false for a child that ends without calling ready(). */
    @Test
    void awaitReadyIsFalseForAChildThatEndsUnready() throws Exception {
        ChildProcess child = ChildProcess.start(ForkChildren.Hello.class);

        assertThat(child.awaitReady(READY)).isFalse();
        assertThat(child.waitFor()).isEqualTo(99);
    }
}
