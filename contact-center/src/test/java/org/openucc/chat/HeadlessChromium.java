package org.openucc.chat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium (the Debian {@code chromium} package) driven over the DevTools protocol
 * with the JDK's own WebSocket client: open a page, evaluate JavaScript in it. A fresh profile, only
 * loopback. A missing binary fails the test and names the package: a skipped browser test tests nothing.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private String session;

    private HeadlessChromium(Process process, Path profile, String devtools) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(devtools), new Listener()).join();
    }

    static HeadlessChromium start() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError(CHROMIUM + " is missing: the widget's browser test needs the Debian package"
                    + " 'chromium' (apt-get install chromium; .ci/run does)");
        }
        Path profile = Files.createTempDirectory("openucc-widget-chromium-");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HeadlessChromium(p, profile, url.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Opens the page in a new tab; later calls evaluate in it. */
    void open(String url) {
        String target = command(null, "Target.createTarget", new JsonObject().put("url", url)).getString("targetId");
        session = command(null, "Target.attachToTarget", new JsonObject().put("targetId", target).put("flatten", true))
                .getString("sessionId");
    }

    /** Evaluates an expression in the page and returns its value (JSON-able values only). */
    Object eval(String expression) {
        JsonObject r = command(session, "Runtime.evaluate", new JsonObject().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.containsKey("exceptionDetails")) {
            throw new AssertionError("page script failed: " + r.getJsonObject("exceptionDetails").encode());
        }
        return r.getJsonObject("result").getValue("value");
    }

    /** A PNG of the page as it is now. */
    byte[] screenshot() {
        return java.util.Base64.getDecoder().decode(command(session, "Page.captureScreenshot",
                new JsonObject().put("format", "png")).getString("data"));
    }

    private JsonObject command(String sessionId, String method, JsonObject params) {
        int id = ids.incrementAndGet();
        JsonObject m = new JsonObject().put("id", id).put("method", method).put("params", params);
        if (sessionId != null) {
            m.put("sessionId", sessionId);
        }
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket) {
            socket.sendText(m.encode(), true).join();
        }
        try {
            JsonObject reply = answer.get(20, TimeUnit.SECONDS);
            if (reply.containsKey("error")) {
                throw new AssertionError(method + " failed: " + reply.getJsonObject("error").encode());
            }
            return reply.getJsonObject("result");
        } catch (Exception e) {
            throw new AssertionError(method + " got no answer", e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonObject m = new JsonObject(text.toString());
                text.setLength(0);
                Integer id = m.getInteger("id");
                if (id != null) {
                    CompletableFuture<JsonObject> f = pending.remove(id);
                    if (f != null) {
                        f.complete(m);
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a file the browser still held: the temporary profile is left for the OS to clean up
        }
    }
}
