package dev.timescope.it.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A child JVM's main in global mode: the JDK's HTTP server and client on loopback, with request timeouts. The server
 * answers with its clock; a second handler never answers in time, and the client's timeout ends that request.
 */
public final class GlobalHttp {

    private GlobalHttp() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService handlers = Executors.newCachedThreadPool();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/now", exchange -> respond(exchange, Instant.now().toString()));
        server.createContext("/slow", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, "late");
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> now = client.send(HttpRequest.newBuilder(URI.create(base + "/now"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("GET /now " + now.statusCode() + " server clock " + now.body() + " client clock "
                    + Instant.now());
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create(base + "/now"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                System.out.println("GET /now again " + again.statusCode() + " year " + again.body().substring(0, 4));
            }
            try {
                client.send(HttpRequest.newBuilder(URI.create(base + "/slow")).timeout(Duration.ofMillis(300)).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println("GET /slow answered");
            } catch (HttpTimeoutException e) {
                System.out.println("GET /slow timed out: " + e.getMessage());
            }
        } finally {
            release.countDown();
            server.stop(0);
            handlers.shutdown();
        }
        System.out.println("done");
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
