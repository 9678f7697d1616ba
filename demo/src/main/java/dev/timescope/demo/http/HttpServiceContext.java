package dev.timescope.demo.http;

import dev.timescope.server.MainContext;
import dev.timescope.server.Signal;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/** The HTTP service's main context: finds out whether the workers can share one port, and says goodbye. */
public final class HttpServiceContext implements MainContext<HttpSettings> {

    private final int port;
    private final String statsDir;

    public HttpServiceContext(int port, String statsDir) {
        this.port = port;
        this.statsDir = statsDir;
    }

    @Override
    public HttpSettings setUp() throws IOException {
        boolean shared;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            shared = probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        }
        if (!shared) {
            System.out.println("This OS has no SO_REUSEPORT: worker 0 accepts every connection alone.");
        }
        return new HttpSettings(port, shared, statsDir);
    }

    @Override
    public void tearDown(HttpSettings settings, Signal stop) {
        System.out.println("HTTP service on port " + settings.port() + " stopped by SIG" + stop + ".");
    }
}
