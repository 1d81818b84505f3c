package org.openucc.http.chat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.openucc.auth.AccessDeniedException;
import org.openucc.chat.ChatMessages;
import org.openucc.chat.ChatService;
import org.openucc.chat.ChatSession;
import org.openucc.chat.VisitorPeer;
import org.openucc.http.HttpRoutes;
import org.openucc.http.HttpStatusException;
import org.openucc.http.WebSocketLimiter;
import org.openucc.limits.Rejections;

/**
 * What a web site's visitors reach: {@code /chat/widget.js} (the embeddable widget, one script tag),
 * {@code /chat/demo.html} (a plain page with that tag, to try it), and {@code /ws/chat} (the widget's
 * WebSocket, no login; limited per address and per chat). Pages of other sites may open the socket
 * only if {@code channels.chat.allowedOrigins} is empty or lists them.
 */
public final class ChatRoutes implements HttpRoutes {
    private static final short POLICY = 1008;
    private static final String SESSION = "openucc.chat.session";
    private static final String SERVICE = "openucc.chat.service";
    /** Open widget sockets per client address: a page with a few tabs is fine, a flood of idle sockets is not. */
    public static final int MAX_SOCKETS_PER_ADDRESS = 20;

    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> sockets =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Supplier<ChatService> chats;
    private final WebSocketLimiter limiter;
    private final Rejections rejections;
    private final Buffer widget = resource("widget.js");
    private final Buffer demo = resource("demo.html");

    /**
     * @param chats      the chat service once started (null while the chat channel is off)
     * @param limiter    the visitor sockets' message size and rate (per connection: visitors have no login)
     * @param rejections counts what the chat door refuses at its edge
     */
    public ChatRoutes(Supplier<ChatService> chats, WebSocketLimiter limiter, Rejections rejections) {
        this.chats = chats;
        this.limiter = limiter;
        this.rejections = rejections;
    }

    @Override
    public void mount(Router router) {
        router.get("/chat/widget.js").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/javascript; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff")
                .end(widget));
        router.get("/chat/demo.html").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("content-security-policy", "default-src 'self'; connect-src 'self' ws: wss:;"
                        + " style-src 'self' 'unsafe-inline'")
                .end(demo));
        router.get("/chat/topics").handler(this::topics);
        router.options("/chat/attachments").handler(this::preflight);
        router.post("/chat/attachments").handler(this::authorizeUpload).handler(this::upload);
        router.get("/ws/chat").handler(this::open);
    }

    /** The pre-chat form's topics, for the widget (public: ids and labels only). */
    private void topics(RoutingContext ctx) {
        ChatService service = chats.get();
        io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
        if (service != null) {
            service.config().topics().forEach(t -> list.add(new io.vertx.core.json.JsonObject().put("id", t.id())
                    .put("label", t.label())));
        }
        ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("access-control-allow-origin", "*")
                .putHeader("cache-control", "no-cache").end(list.encode());
    }

    /**
     * A file from the widget: the raw bytes as the body, {@code content-type} the file's type,
     * {@code x-file-name} its name, {@code x-chat-token} the chat's resume token (the only credential).
     * The token is checked before the body is read; the body handler stops at the size limit (413).
     */
    private void authorizeUpload(RoutingContext ctx) {
        ChatService service = chats.get();
        if (service == null) {
            ctx.fail(new HttpStatusException(503, "web chat is not enabled on this server"));
            return;
        }
        if (!cors(ctx, service)) {
            return;
        }
        try {
            ChatSession session = service.byToken(ctx.request().getHeader("x-chat-token"));
            long declared = declaredLength(ctx);
            if (declared > service.config().maxAttachmentBytes()) {
                rejections.count("chat", "attachment-size");
                throw new HttpStatusException(413, "files are at most " + service.config().maxAttachmentBytes() + " bytes");
            }
            if (declared > 0) {
                service.checkAttachmentQuota(session, declared); // refused before the body is read
            }
            ctx.put(SESSION, session);
        } catch (RuntimeException e) {
            ctx.fail(e);
            return;
        }
        ctx.put(SERVICE, service);
        io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(service.config().maxAttachmentBytes())
                .handle(ctx);
    }

    private static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader("content-length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new org.openucc.http.BadRequestException("Content-Length is not a number");
        }
    }

    private void upload(RoutingContext ctx) {
        ChatService service = ctx.get(SERVICE);
        ChatSession session = ctx.get(SESSION);
        String name = ctx.request().getHeader("x-file-name");
        if (name != null) {
            name = java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
            name = name.length() > 200 ? name.substring(0, 200) : name;
        }
        byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        service.visitorFile(session, name, ctx.request().getHeader("content-type"), bytes).whenComplete((m, failure) -> {
            if (failure != null) {
                ctx.fail(failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                ctx.response().setStatusCode(201).putHeader("content-type", "application/json; charset=utf-8")
                        .end(new io.vertx.core.json.JsonObject().put("messageId", m.id()).encode());
            }
        });
    }

    private void preflight(RoutingContext ctx) {
        ChatService service = chats.get();
        if (service != null && cors(ctx, service)) {
            ctx.response().putHeader("access-control-allow-methods", "POST")
                    .putHeader("access-control-allow-headers", "content-type, x-chat-token, x-file-name")
                    .putHeader("access-control-max-age", "600").setStatusCode(204).end();
        } else if (!ctx.response().ended()) {
            ctx.response().setStatusCode(204).end();
        }
    }

    /** CORS for pages of other sites that embed the widget: allowed origins only (any when none are listed). */
    private static boolean cors(RoutingContext ctx, ChatService service) {
        String origin = ctx.request().getHeader("origin");
        if (origin == null) {
            return true;
        }
        if (!service.config().allowedOrigins().isEmpty() && !service.config().allowedOrigins().contains(origin)) {
            ctx.fail(new AccessDeniedException("chat is not offered to pages of " + origin));
            return false;
        }
        ctx.response().putHeader("access-control-allow-origin", origin).putHeader("vary", "origin");
        return true;
    }

    private void open(RoutingContext ctx) {
        ChatService service = chats.get();
        if (service == null) {
            ctx.fail(new HttpStatusException(503, "web chat is not enabled on this server"));
            return;
        }
        String origin = ctx.request().getHeader("origin");
        if (origin != null && !service.config().allowedOrigins().isEmpty()
                && !service.config().allowedOrigins().contains(origin)) {
            ctx.fail(new AccessDeniedException("chat is not offered to pages of " + origin));
            return;
        }
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        java.util.concurrent.atomic.AtomicInteger open = sockets.computeIfAbsent(address,
                a -> new java.util.concurrent.atomic.AtomicInteger());
        if (open.incrementAndGet() > MAX_SOCKETS_PER_ADDRESS) {
            release(address, open);
            rejections.count("chat", "sockets-per-address");
            ctx.fail(new HttpStatusException(429, "too many chat connections from your address"));
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            WebSocketLimiter.Gate gate = limiter.open(null);
            VisitorConnection connection = attach(service, ws, address, gate);
            ws.closeHandler(v -> {
                release(address, open);
                gate.close();
                connection.onClose();
            });
        }).onFailure(e -> release(address, open));
    }

    private void release(String address, java.util.concurrent.atomic.AtomicInteger open) {
        if (open.decrementAndGet() <= 0) {
            sockets.remove(address, open);
        }
    }

    private VisitorConnection attach(ChatService service, ServerWebSocket ws, String address, WebSocketLimiter.Gate gate) {
        VisitorPeer peer = new VisitorPeer() {
            @Override
            public void send(String message) {
                if (!ws.isClosed()) {
                    ws.writeTextMessage(message);
                }
            }

            @Override
            public void close(short code, String reason) {
                if (!ws.isClosed()) {
                    ws.close(code, reason);
                }
            }
        };
        VisitorConnection connection = new VisitorConnection(service, peer, address);
        ws.textMessageHandler(text -> {
            if (admitted(gate, peer, WebSocketLimiter.idOf(text))) {
                connection.onText(text);
            }
        });
        ws.binaryMessageHandler(b -> {
            if (admitted(gate, peer, null)) {
                peer.send(ChatMessages.error(null, 400, "Bad Request",
                        "send JSON text messages; binary messages are not understood"));
            }
        });
        ws.exceptionHandler(e -> {
            if (limiter.tooBig(e)) {
                peer.close(WebSocketLimiter.MESSAGE_TOO_BIG, "message too big");
            } else {
                peer.close(POLICY, "protocol error");
            }
        });
        return connection;
    }

    /** Whether the message is within the socket's rate; if not, the visitor hears why (or is closed for flooding). */
    private static boolean admitted(WebSocketLimiter.Gate gate, VisitorPeer peer, String id) {
        switch (gate.admit()) {
            case PASS -> {
                return true;
            }
            case REFUSE -> peer.send(ChatMessages.error(id, 429, "too many requests", gate.refusal()));
            case CLOSE -> {
                peer.send(ChatMessages.error(id, 429, "too many requests", "too many messages over the limit; this"
                        + " connection is closed"));
                peer.close(WebSocketLimiter.POLICY_VIOLATION, "too many messages");
            }
            case DROP -> {
                // closing: nothing more is answered
            }
        }
        return false;
    }

    private static Buffer resource(String name) {
        try (InputStream in = ChatRoutes.class.getResourceAsStream("/org/openucc/chat/" + name)) {
            if (in == null) {
                throw new IllegalStateException("org/openucc/chat/" + name + " is not on the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read org/openucc/chat/" + name, e);
        }
    }
}
