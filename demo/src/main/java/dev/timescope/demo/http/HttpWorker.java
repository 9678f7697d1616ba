package dev.timescope.demo.http;

import dev.timescope.server.Worker;
import dev.timescope.server.WorkerContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker of the HTTP service: listens on the shared port (SO_REUSEPORT: the kernel spreads connections
 * over the workers), answers each request on a thread of its own, and on its stop signal drains: it stops
 * accepting, then finishes every connection it accepted.
 */
public final class HttpWorker implements Worker {

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();

    @Override
    public void run(WorkerContext context) throws Exception {
        HttpSettings settings = context.mainValue(HttpSettings.class);
        int index = context.index();
        if (!settings.sharedPort() && index > 0) {
            context.awaitStop(); // no SO_REUSEPORT: worker 0 accepts alone
            writeStats(settings, index);
            return;
        }
        ServerSocketChannel listener = ServerSocketChannel.open();
        if (settings.sharedPort()) {
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        listener.bind(new InetSocketAddress("127.0.0.1", settings.port()), 512);
        ExecutorService requests = Executors.newCachedThreadPool();
        Thread acceptor = new Thread(() -> accept(listener, requests, index), "http-acceptor-" + index);
        acceptor.start();

        context.awaitStop();

        listener.close();             // stop accepting
        acceptor.join();              // every connection accepted so far is in the pool now
        requests.shutdown();          // finish them all
        requests.awaitTermination(30, TimeUnit.SECONDS);
        writeStats(settings, index);
    }

    private void accept(ServerSocketChannel listener, ExecutorService requests, int index) {
        while (true) {
            SocketChannel connection;
            try {
                connection = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            requests.execute(() -> answer(connection, index));
        }
    }

    private void answer(SocketChannel connection, int index) {
        try (connection) {
            BufferedReader request = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                    StandardCharsets.US_ASCII));
            String requestLine = request.readLine();
            for (String header = request.readLine(); header != null && !header.isEmpty(); header = request.readLine()) {
                // The demo answers every request alike; headers are read and dropped.
            }
            byte[] body = ("hello from worker " + index + " to " + requestLine + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = Channels.newOutputStream(connection);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            answered.incrementAndGet();
        } catch (IOException e) {
            System.err.println("worker " + index + ": a connection failed: " + e);
        }
    }

    private void writeStats(HttpSettings settings, int index) throws IOException {
        if (settings.statsDir() != null) {
            Files.writeString(Path.of(settings.statsDir(), "worker-" + index),
                    accepted.get() + " " + answered.get() + "\n");
        }
    }
}
