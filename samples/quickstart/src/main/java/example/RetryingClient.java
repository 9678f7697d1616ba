package example;

import java.util.function.Supplier;

/** Calls a server, retrying a failed call after 1 s, then 2 s, 4 s and 8 s: five attempts in all. */
public class RetryingClient {

    private static final int ATTEMPTS = 5;

    private final Supplier<String> server;

    public RetryingClient(Supplier<String> server) {
        this.server = server;
    }

    public String call() throws InterruptedException {
        long backOffMillis = 1_000;
        for (int attempt = 1; ; attempt++) {
            try {
                return server.get();
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(backOffMillis);
                backOffMillis *= 2;
            }
        }
    }
}
