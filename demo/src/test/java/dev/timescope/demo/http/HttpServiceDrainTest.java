package dev.timescope.demo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.server.ChildProcess;
import dev.timescope.server.Server;
import dev.timescope.server.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load on loopback while the HTTP service gets SIGTERM: every connection a worker accepted gets its answer,
 * counted by the workers and by the clients. Connections the workers never accepted (refused, or reset when a
 * listener closed) are the clients' to retry; they are counted apart.
 */
class HttpServiceDrainTest {

    private static final int CLIENTS = 8;
    private static final int ANSWERS_BEFORE_TERM = 300;

    @TempDir
    Path stats;

    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong notAccepted = new AtomicLong();
    private final AtomicLong broken = new AtomicLong();

    @Test
    void everyRequestTheServiceAcceptedIsAnsweredThroughASigterm() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ChildProcess service = ChildProcess.start(HttpServiceMain.class, Integer.toString(port), "2",
                stats.toString());
        assertThat(service.awaitReady(Duration.ofSeconds(120))).isTrue();

        CountDownLatch warmedUp = new CountDownLatch(ANSWERS_BEFORE_TERM);
        AtomicBoolean refused = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(() -> {
                while (!refused.get()) {
                    request(port, warmedUp, refused);
                }
            }, "client-" + i);
            client.start();
            clients.add(client);
        }
        assertThat(warmedUp.await(120, TimeUnit.SECONDS)).isTrue();

        service.signal(Signal.TERM);

        assertThat(service.waitFor()).isEqualTo(Server.EXIT_OK);
        refused.set(true);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(client.isAlive()).isFalse();
        }
        long acceptedByService = 0;
        long answeredByService = 0;
        for (int worker = 0; worker < 2; worker++) {
            String[] counts = Files.readString(stats.resolve("worker-" + worker)).trim().split(" ");
            acceptedByService += Long.parseLong(counts[0]);
            answeredByService += Long.parseLong(counts[1]);
        }
        String counts = "accepted " + acceptedByService + ", answered " + answeredByService + " by the service; "
                + answered + " answers, " + notAccepted + " not accepted, " + broken + " cut, by the clients";
        assertThat(answeredByService).as("answered by the service: " + counts).isEqualTo(acceptedByService);
        assertThat(answered.get()).as("answers the clients got: " + counts).isEqualTo(answeredByService);
        assertThat(broken.get()).as("connections cut after the service answered").isZero();
        assertThat(answered.get()).isGreaterThanOrEqualTo(ANSWERS_BEFORE_TERM);
    }

    /** One request on a connection of its own; counts what became of it. */
    private void request(int port, CountDownLatch warmedUp, AtomicBoolean refused) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (response.startsWith("HTTP/1.1 200 OK") && response.contains("hello from worker")) {
                answered.incrementAndGet();
                warmedUp.countDown();
            } else if (response.isEmpty()) {
                notAccepted.incrementAndGet(); // closed unanswered: its listener closed before accepting it
            } else {
                broken.incrementAndGet();
            }
        } catch (ConnectException e) {
            notAccepted.incrementAndGet();
            refused.set(true);
        } catch (IOException e) {
            notAccepted.incrementAndGet(); // reset: queued on a listener that closed before accepting it
        }
    }
}
