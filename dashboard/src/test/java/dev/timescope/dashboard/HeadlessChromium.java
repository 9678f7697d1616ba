package dev.timescope.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, driven over the DevTools protocol: open a page, run script in it, and collect what
 * it reported (uncaught exceptions, console errors, dialogs). A test that needs it skips when it is missing, except
 * under {@code CI=true}, where a missing browser fails the test. Other modules' tests use it through this
 * module's test jar.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Bounds every wait on the browser: a hang fails the test instead of hanging the build. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>(); // guarded by itself
    private String session;

    /** The browser's executable: {@code TIMESCOPE_CHROMIUM}, else the first of Chromium's usual names on the PATH. */
    public static Optional<Path> executable() {
        String override = System.getenv("TIMESCOPE_CHROMIUM");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String folder : path.split(File.pathSeparator)) {
                Path candidate = Path.of(folder, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts the browser, or skips the calling test when there is none (fails it under {@code CI=true}). */
    public static HeadlessChromium startOrSkip() throws Exception {
        Optional<Path> browser = executable();
        if (browser.isEmpty()) {
            String reason = "headless Chromium is not installed (apt-get install chromium, or set TIMESCOPE_CHROMIUM)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + "; under CI=true the dashboard's browser tests must run");
            }
            Assumptions.abort(reason + ": the browser tests are skipped outside CI");
        }
        return new HeadlessChromium(browser.get());
    }

    private HeadlessChromium(Path browser) throws Exception {
        profile = Files.createTempDirectory("timescope-chromium");
        process = new ProcessBuilder(browser.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--window-size=1280,800", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null;) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                }
                endpoint.completeExceptionally(new IOException("Chromium exited before it listened"));
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String url = endpoint.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url), new Listener()).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        String target = send("Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        session = null;
        session = send("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId")
                .asText();
        send("Runtime.enable", Map.of());
        send("Log.enable", Map.of());
        send("Page.enable", Map.of());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                receive(message);
            }
            webSocket.request(1);
            return null;
        }
    }

    private void receive(String message) {
        JsonNode node;
        try {
            node = JSON.readTree(message);
        } catch (IOException e) {
            return;
        }
        if (node.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(node.get("id").asInt());
            if (answer != null) {
                answer.complete(node);
            }
            return;
        }
        synchronized (events) {
            events.add(node);
        }
        if ("Page.javascriptDialogOpening".equals(node.path("method").asText())) {
            sendAsync("Page.handleJavaScriptDialog", Map.of("accept", false));
        }
    }

    private synchronized CompletableFuture<JsonNode> sendAsync(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode();
        command.put("id", id);
        command.put("method", method);
        command.set("params", JSON.valueToTree(params));
        if (session != null) {
            command.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(command.toString(), true).join();
        return answer;
    }

    private JsonNode send(String method, Map<String, ?> params) throws Exception {
        JsonNode answer = sendAsync(method, params).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** Opens a file and waits until the page says it has drawn its first frame. */
    public void open(Path page) throws Exception {
        open(page, "");
    }

    /** Opens a file with a fragment ({@code #q=...}) and waits until the page has drawn its first frame. */
    public void open(Path page, String fragment) throws Exception {
        synchronized (events) {
            events.clear();
        }
        send("Page.navigate", Map.of("url", page.toUri() + fragment));
        awaitTrue("document.documentElement.getAttribute('data-ready') === 'true'");
    }

    /** Evaluates an expression in the page (promises awaited) and returns its value as JSON. */
    public JsonNode eval(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits, polling, until an expression is true in the page; fails after a minute. */
    public void awaitTrue(String expression) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!holds(expression)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never made true: " + expression + "; it reported: " + problems());
            }
            Thread.sleep(20);
        }
    }

    private boolean holds(String expression) throws Exception {
        try {
            return eval("Boolean(" + expression + ")").asBoolean();
        } catch (IllegalStateException e) {
            return false; // the page is still loading: no document yet
        }
    }

    /** What the page reported as wrong so far: uncaught exceptions, console errors and warnings, logged errors. */
    public List<String> problems() {
        return matching(e -> switch (e.path("method").asText()) {
            case "Runtime.exceptionThrown" -> true;
            case "Runtime.consoleAPICalled" -> List.of("error", "assert", "warning")
                    .contains(e.path("params").path("type").asText());
            case "Log.entryAdded" -> e.path("params").path("entry").path("level").asText().equals("error");
            default -> false;
        });
    }

    /** The dialogs ({@code alert}, {@code confirm}, {@code prompt}) the page opened so far. */
    public List<String> dialogs() {
        return matching(e -> e.path("method").asText().equals("Page.javascriptDialogOpening"));
    }

    private List<String> matching(Predicate<JsonNode> test) {
        synchronized (events) {
            return events.stream().filter(test).map(JsonNode::toString).toList();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            session = null;
            sendAsync("Browser.close", Map.of()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The browser is ended below in any case.
        } finally {
            socket.abort();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            deleteSingletonDirectory();
            deleteTree(profile);
        }
    }

    /**
     * Chromium keeps the socket that makes it the profile's one browser in a directory of its own under the system's
     * temporary directory, linked from the profile, and removes it only on a clean exit.
     */
    private void deleteSingletonDirectory() throws IOException {
        Path link = profile.resolve("SingletonSocket");
        if (Files.isSymbolicLink(link)) {
            Path directory = Files.readSymbolicLink(link).getParent();
            if (directory != null && directory.getFileName().toString().startsWith("org.chromium.")) {
                deleteTree(directory);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
