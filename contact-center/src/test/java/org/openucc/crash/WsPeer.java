package org.openucc.crash;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real WebSocket peer (agent console or chat visitor) driven by events rather than by a test
 * thread waiting for a message: every message goes to a handler, commands get a future of the ack or
 * error that carries their id. When the server dies the open commands fail, they are never answered.
 */
final class WsPeer implements AutoCloseable {
    private final WebSocketClient client;
    private final ClientWebSocket ws;
    private final Map<String, CompletableFuture<JsonObject>> open = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String name;

    private WsPeer(String name, WebSocketClient client, ClientWebSocket ws, Consumer<JsonObject> handler) {
        this.name = name;
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(text -> {
            JsonObject m;
            try {
                m = new JsonObject(text);
            } catch (RuntimeException notJson) {
                return;
            }
            String id = m.getString("id");
            String type = m.getString("type");
            if (id != null && ("ack".equals(type) || "error".equals(type))) {
                CompletableFuture<JsonObject> f = open.remove(id);
                if (f != null) {
                    f.complete(m);
                    return;
                }
            }
            handler.accept(m);
        });
        ws.closeHandler(v -> failOpen());
        ws.exceptionHandler(e -> failOpen());
    }

    /**
     * Connects (at most 10 s). The handlers are set on the socket before the handshake starts, so a greeting the server
     * sends at once is never read by a socket without them (setting them once the handshake's future completed could
     * run after the first frame, when the test thread was descheduled).
     */
    static WsPeer connect(Vertx vertx, int port, String path, MultiMap headers, String name,
                          Consumer<JsonObject> handler) {
        WebSocketClient client = vertx.createWebSocketClient();
        ClientWebSocket ws = client.webSocket();
        WsPeer peer = new WsPeer(name, client, ws, handler);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path);
        headers.forEach(h -> options.addHeader(h.getKey(), h.getValue()));
        try {
            ws.connect(options).await(10, TimeUnit.SECONDS);
            return peer;
        } catch (java.util.concurrent.TimeoutException e) {
            client.close();
            throw new IllegalStateException(name + ": WebSocket handshake to " + path + " took over 10 s", e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Sends a command with a fresh id; completes with its ack or error, exceptionally if the socket closes first. */
    CompletableFuture<JsonObject> command(JsonObject message) {
        String id = "c" + ids.incrementAndGet();
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        open.put(id, f);
        if (ws.isClosed()) {
            failOpen();
            return f;
        }
        ws.writeTextMessage(message.copy().put("id", id).encode()).onFailure(e -> {
            CompletableFuture<JsonObject> g = open.remove(id);
            if (g != null) {
                g.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Sends a message that is answered by other messages, not an ack (the chat visitor's protocol). */
    void send(JsonObject message) {
        if (!ws.isClosed()) {
            ws.writeTextMessage(message.encode());
        }
    }

    boolean isOpen() {
        return !ws.isClosed();
    }

    private void failOpen() {
        for (String id : open.keySet()) {
            CompletableFuture<JsonObject> f = open.remove(id);
            if (f != null) {
                f.completeExceptionally(new IllegalStateException(name + ": socket closed before the answer"));
            }
        }
    }

    @Override
    public void close() {
        try {
            if (!ws.isClosed()) {
                ws.close().await(2, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // closing a socket to a dead server: nothing to wait for
        } finally {
            client.close();
            failOpen();
        }
    }
}
