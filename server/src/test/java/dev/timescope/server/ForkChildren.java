package dev.timescope.server;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The child processes of the fork tests, each a main class. */
final class ForkChildren {

    private ForkChildren() {
    }

    /** aiotools' {@code child_for_fork}: prints, then exits with 99. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("hello world");
            System.exit(99);
        }
    }

    /** aiotools' {@code child_for_fork_signal}: exits with 101 on INT; keeps the JVM's handling of TERM. */
    public static final class CatchesInt {
        public static void main(String[] args) throws InterruptedException {
            Signals.catchAll(List.of(Signal.INT), signal -> System.exit(101));
            ChildProcess.ready();
            new CountDownLatch(1).await();
        }
    }

    /** Says whether it began with INT ignored, then catches INT and TERM as a server does, and exits. */
    public static final class ReportsIgnoredInt {
        public static void main(String[] args) {
            System.out.println("INT ignored at start: " + Signals.ignoredAtStart(Signal.INT));
            try (Signals.Caught caught = Signals.catchAll(List.of(Signal.INT, Signal.TERM), signal -> { })) {
                System.out.println("caught");
            }
            System.exit(0);
        }
    }

    /** Stands in for aiotools' {@code child_for_fork_segfault}: dies by a signal it cannot catch. */
    public static final class KillsItself {
        public static void main(String[] args) throws Exception {
            Signals.send(ProcessHandle.current().pid(), Signal.KILL);
            new CountDownLatch(1).await();
        }
    }
}
