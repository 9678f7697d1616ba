package dev.timescope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Misconfigurations fail with a message naming the bad value and the valid ones, before any worker starts. */
class BadInputTest {

    /** A worker without a public constructor without parameters. */
    public static final class NeedsAName implements Worker {
        public NeedsAName(String name) {
        }

        @Override
        public void run(WorkerContext context) {
        }
    }

    /** A main-context value Jackson cannot write: no properties at all. */
    public static final class Opaque {
        private final Object secret = new Object();

        @Override
        public String toString() {
            return String.valueOf(secret);
        }
    }

    @Test
    void zeroWorkersAreRefused() {
        assertThatThrownBy(() -> Server.builder(TestWorkers.Recording.class).workers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be at least 1, got 0");
    }

    @Test
    void aWorkerClassWithoutAPublicNoArgumentConstructorIsRefused() {
        assertThatThrownBy(() -> Server.builder(NeedsAName.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NeedsAName.class.getName())
                .hasMessageContaining("it has no public constructor without parameters");
    }

    @Test
    void anExtraProcessClassThatIsNotPublicIsRefused() {
        class Local implements Worker {
            @Override
            public void run(WorkerContext context) {
            }
        }
        assertThatThrownBy(() -> Server.builder(TestWorkers.Recording.class).extraProcess(Local.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it is not public");
    }

    @Test
    void aMainValueJacksonCannotWriteIsRefusedBeforeAnyWorkerStarts() {
        List<String> events = new ArrayList<>();
        Server.Builder server = Server.builder(TestWorkers.Recording.class).threads().workers(2)
                .mainContext(new MainContext<Opaque>() {
                    @Override
                    public Opaque setUp() {
                        events.add("setUp");
                        return new Opaque();
                    }

                    @Override
                    public void tearDown(Opaque value, Signal stop) {
                        events.add("tearDown:" + stop);
                    }
                });

        assertThatThrownBy(server::run).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the main context's value, a " + Opaque.class.getName())
                .hasMessageContaining("cannot be written as JSON");
        assertThat(events).containsExactly("setUp", "tearDown:TERM");
    }

    @Test
    void aSignalTheJvmReservesIsRefusedAsAStopSignal() {
        assertThatThrownBy(() -> Server.builder(TestWorkers.Recording.class).stopSignals(Signal.QUIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SIGQUIT cannot be a stop signal: the JVM reserves it")
                .hasMessageContaining("signals a JVM can catch: [HUP, INT, USR1, USR2, ALRM, TERM]");
        assertThatThrownBy(() -> Server.builder(TestWorkers.Recording.class).stopSignals(Signal.KILL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SIGKILL cannot be");
    }

    @Test
    void noStopSignalAtAllIsRefused() {
        assertThatThrownBy(() -> Server.builder(TestWorkers.Recording.class).stopSignals())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one signal");
    }

    @Test
    void aChildProcessClassWithoutMainIsRefused() {
        assertThatThrownBy(() -> ChildProcess.start(BadInputTest.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no public static void main(String[])");
    }

    @Test
    void theSignalsTheJvmReservesAreTheOnesSunMiscSignalRefuses() {
        for (Signal signal : Signal.values()) {
            boolean refusedByJdk = Signals.refusedByJdk(signal);
            boolean refusedByUs;
            try {
                Signals.checkCatchable(List.of(signal));
                refusedByUs = false;
            } catch (IllegalArgumentException e) {
                refusedByUs = true;
            }
            assertThat(refusedByUs).as(signal.name()).isEqualTo(refusedByJdk);
        }
    }
}
