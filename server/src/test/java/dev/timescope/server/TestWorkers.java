package dev.timescope.server;

import java.util.concurrent.CountDownLatch;

/** The workers of the server tests; each records what it lives through in the file the main context names. */
final class TestWorkers {

    private TestWorkers() {
    }

    /** aiotools' {@code myserver_signal}: records its start, then its stop signal. */
    public static final class Recording implements Worker {
        @Override
        public void run(WorkerContext context) throws Exception {
            String records = context.mainValue(String.class);
            Records.append(records, "started:" + context.index() + ":" + ProcessHandle.current().pid());
            Signal stop = context.awaitStop();
            Records.append(records, "terminated:" + context.index() + ":" + stop);
        }
    }

    /** aiotools' {@code myserver_worker_init_error}: workers 0 and 2 fail in their set-up. */
    public static final class FailingZeroAndTwo implements Worker {
        @Override
        public void run(WorkerContext context) throws Exception {
            String records = context.mainValue(String.class);
            Records.append(records, "started:" + context.index() + ":" + ProcessHandle.current().pid());
            if (context.index() == 0 || context.index() == 2) {
                throw new ArithmeticException("oops in worker " + context.index());
            }
            Signal stop = context.awaitStop();
            Records.append(records, "terminated:" + context.index() + ":" + stop);
        }
    }

    /** Worker 2 fails in its set-up, after the others are up. */
    public static final class FailingTwo implements Worker {
        @Override
        public void run(WorkerContext context) throws Exception {
            String records = context.mainValue(String.class);
            Records.append(records, "started:" + context.index() + ":" + ProcessHandle.current().pid());
            if (context.index() == 2) {
                throw new IllegalStateException("worker 2 cannot open its database");
            }
            Signal stop = context.awaitStop();
            Records.append(records, "terminated:" + context.index() + ":" + stop);
        }
    }

    /** Worker 3 ignores its stop signal and never ends by itself. */
    public static final class ThreeIgnoresStop implements Worker {
        @Override
        public void run(WorkerContext context) throws Exception {
            String records = context.mainValue(String.class);
            Records.append(records, "started:" + context.index() + ":" + ProcessHandle.current().pid());
            Signal stop = context.awaitStop();
            if (context.index() == 3) {
                Records.append(records, "ignoring:" + context.index() + ":" + stop);
                new CountDownLatch(1).await();
            }
            Records.append(records, "terminated:" + context.index() + ":" + stop);
        }
    }

    /** aiotools' {@code extra_proc_for_custom_stop_signal}: records the stop signal an extra process receives. */
    public static final class Extra implements Worker {
        @Override
        public void run(WorkerContext context) throws Exception {
            String records = context.mainValue(String.class);
            Records.append(records, "extra-started:" + context.index());
            Signal stop = context.awaitStop();
            Records.append(records, "extra:" + context.index() + ":" + stop);
        }
    }

    /** The main context's value of aiotools' {@code test_server_user_main_tuple}: two values and the records. */
    public record Tuple(String records, int first, int second) {
    }

    /** aiotools' {@code myworker_for_main_tuple}: records the values it got from the main context. */
    public static final class TupleReader implements Worker {
        @Override
        public void run(WorkerContext context) throws Exception {
            Tuple tuple = context.mainValue(Tuple.class);
            Records.append(tuple.records(), "args:" + context.index() + ":" + tuple.first() + ":" + tuple.second());
            context.awaitStop();
        }
    }
}
