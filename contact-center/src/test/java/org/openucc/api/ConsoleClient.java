package org.openucc.api;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A console over a real WebSocket for tests: collects what the server sends and lets the test wait
 * for a message of a type (with a deadline, never a sleep), and send commands and wait for their
 * ack or error by id.
 */
public final class ConsoleClient implements AutoCloseable {
    private static final long WAIT_SECONDS = 15;

    private final WebSocketClient client;
    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    private final List<JsonObject> pending = new ArrayList<>();
    private final List<JsonObject> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean closed;

    private ConsoleClient(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(text -> {
            JsonObject m = new JsonObject(text);
            all.add(m);
            inbox.add(m);
        });
        ws.closeHandler(v -> closed = true);
    }

    public static ConsoleClient connect(Vertx vertx, int port, String path, MultiMap headers) {
        return connect(vertx, port, path, headers, new io.vertx.core.http.WebSocketClientOptions());
    }

    /** With client options, e.g. another loopback source address (setLocalAddress("127.0.0.2")). */
    public static ConsoleClient connect(Vertx vertx, int port, String path, MultiMap headers,
                                        io.vertx.core.http.WebSocketClientOptions clientOptions) {
        WebSocketClient client = vertx.createWebSocketClient(clientOptions);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path);
        headers.forEach(h -> options.addHeader(h.getKey(), h.getValue()));
        // The handlers are set before the handshake begins, so a hello the server sends at once is never dropped.
        // (They were set in the handshake future's map: when this thread was descheduled between connect and
        // map, the future had completed already and map ran here, after the event loop had dropped the hello
        // for want of a handler: most likely how a CI run under load lost an agent's hello.)
        io.vertx.core.http.ClientWebSocket ws = client.webSocket();
        ConsoleClient console = new ConsoleClient(client, ws);
        ApiClient.await(ws.connect(options), "WebSocket handshake to " + path);
        return console;
    }

    /** The handshake's failure (e.g. UpgradeRejectedException with 401), or an AssertionError if it was accepted. */
    public static Throwable refused(Vertx vertx, int port, String path, MultiMap headers) {
        try {
            connect(vertx, port, path, headers).close();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the WebSocket handshake to " + path + " was accepted");
    }

    /** The next message of the type (earlier ones of other types stay for later calls). */
    public JsonObject next(String type) {
        return next(m -> type.equals(m.getString("type")), type);
    }

    /** The next message of the type within {@code within} (e.g. after an IVR's prompts), not the usual 15 s. */
    public JsonObject next(String type, java.time.Duration within) {
        return next(m -> type.equals(m.getString("type")), type, within.toNanos());
    }

    public JsonObject next(Predicate<JsonObject> wanted, String what) {
        return next(wanted, what, TimeUnit.SECONDS.toNanos(WAIT_SECONDS));
    }

    private JsonObject next(Predicate<JsonObject> wanted, String what, long waitNanos) {
        for (Iterator<JsonObject> it = pending.iterator(); it.hasNext(); ) {
            JsonObject m = it.next();
            if (wanted.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + waitNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject m;
            try {
                m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            if (m == null) {
                throw new AssertionError("no " + what + " message within " + TimeUnit.NANOSECONDS.toSeconds(waitNanos)
                        + " s; received " + all + "; socket " + (isClosed() ? "closed (" + ws.closeStatusCode() + " "
                        + ws.closeReason() + ")" : "open") + "; " + serverThreads());
            }
            if (wanted.test(m)) {
                return m;
            }
            pending.add(m);
        }
    }

    /**
     * Where the in-process server's threads that carry a console's messages stand (engine, log writer, CTI
     * workers, live figures): a console that hears nothing says which of them was stuck, in the failure itself.
     */
    static String serverThreads() {
        StringBuilder sb = new StringBuilder("server threads:");
        Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().matches("acd-engine.*|interaction-log-writer.*|cti-worker-.*|live-stats.*"))
                .sorted(java.util.Map.Entry.comparingByKey(java.util.Comparator.comparing(Thread::getName)))
                .forEach(e -> {
                    sb.append(" [").append(e.getKey().getName()).append(' ').append(e.getKey().getState());
                    StackTraceElement[] st = e.getValue();
                    for (int i = 0; i < Math.min(6, st.length); i++) {
                        sb.append(" < ").append(st[i].getClassName().replaceFirst(".*\\.", "")).append('.')
                                .append(st[i].getMethodName()).append(':').append(st[i].getLineNumber());
                    }
                    sb.append(']');
                });
        return sb.toString();
    }

    /** Sends a command with a fresh id and returns the ack or error that carries it. */
    public JsonObject command(JsonObject message) {
        String id = "c" + ids.incrementAndGet();
        ws.writeTextMessage(message.copy().put("id", id).encode());
        return next(m -> id.equals(m.getString("id")) && ("ack".equals(m.getString("type"))
                || "error".equals(m.getString("type"))), "answer to " + message.getString("type"));
    }

    public void sendRaw(String text) {
        ws.writeTextMessage(text);
    }

    public void sendBinary(byte[] bytes) {
        ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    public boolean isClosed() {
        return closed || ws.isClosed();
    }

    public List<JsonObject> received() {
        return List.copyOf(all);
    }

    @Override
    public void close() {
        if (!ws.isClosed()) {
            ApiClient.await(ws.close(), "closing the WebSocket");
        }
        client.close();
    }
}
