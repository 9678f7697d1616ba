package dev.timescope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** The readiness handshake is false for a child that ends without calling ready(). */
    @Test
    void awaitReadyIsFalseForAChildThatEndsUnready() throws Exception {
        ChildProcess child = ChildProcess.start(ForkChildren.Hello.class);

        assertThat(child.awaitReady(READY)).isFalse();
        assertThat(child.waitFor()).isEqualTo(99);
    }
}
