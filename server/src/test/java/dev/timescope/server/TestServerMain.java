package dev.timescope.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The main process of the acceptance tests: a 4-worker server whose records and log go to one file, telling its
 * parent (the test) when every worker is up.
 *
 * <p>Arguments: the records file, the worker class's simple name in {@link TestWorkers}, the wait timeout in
 * seconds, then the stop signals (none: the default).
 */
public final class TestServerMain {

    private static final Logger SERVER_LOG = Logger.getLogger("dev.timescope.server");

    public static void main(String[] args) throws Exception {
        String records = args[0];
        SERVER_LOG.setUseParentHandlers(false);
        SERVER_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                Records.append(records, "log:" + record.getLevel() + ":" + record.getMessage().replace('\n', ' '));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        @SuppressWarnings("unchecked")
        Class<? extends Worker> worker = (Class<? extends Worker>) Class.forName(
                TestWorkers.class.getName() + "$" + args[1]);
        Server.Builder server = Server.builder(worker).workers(4).mainContext(new Records.Main(Path.of(records)))
                .waitTimeout(Duration.ofSeconds(Long.parseLong(args[2]))).whenReady(ChildProcess::ready);
        if (args.length > 3) {
            server.stopSignals(Arrays.stream(args, 3, args.length).map(Signal::valueOf).toArray(Signal[]::new));
        }
        System.exit(server.run());
    }
}
