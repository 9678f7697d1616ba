package dev.timescope.demo.http;

import dev.timescope.server.ChildProcess;
import dev.timescope.server.Server;

/**
 * A small HTTP service run as a {@link Server} of worker JVMs sharing one port. Stop it with Ctrl-C (INT) or
 * {@code kill <pid>} (TERM): each worker stops accepting and answers every connection it accepted first.
 *
 * <p>Arguments: {@code [port [workers [statsDir]]]}, by default 8080 and 2.
 */
public final class HttpServiceMain {

    private HttpServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String statsDir = args.length > 2 ? args[2] : null;
        int status = Server.builder(HttpWorker.class)
                .workers(workers)
                .mainContext(new HttpServiceContext(port, statsDir))
                .whenReady(() -> {
                    System.out.println("HTTP service (pid " + ProcessHandle.current().pid() + ") on http://127.0.0.1:"
                            + port + "/ with " + workers + " workers; stop it with Ctrl-C or kill "
                            + ProcessHandle.current().pid());
                    ChildProcess.ready();
                })
                .run();
        System.exit(status);
    }
}
