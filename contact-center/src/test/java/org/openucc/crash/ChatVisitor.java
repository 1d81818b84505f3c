package org.openucc.crash;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web-chat visitor on {@code /ws/chat} with the widget's protocol: starts a chat (its "started"
 * is the acknowledgement: the chat id and the resume token), writes lines now and then (each
 * "sent" receipt is an acknowledgement of one line), and after a restart resumes with its token,
 * as a reloading page does.
 */
final class ChatVisitor {
    /** What a resume after the restart gave: the chat it resumed (null if refused) and the server's words. */
    record Resumed(String chatId, String state, String answer) {
    }

    final String name;
    private volatile String chatId;
    private volatile String token;
    private volatile boolean ended;
    private volatile boolean gaveUp;
    private WsPeer socket;
    private RoundContext round;
    private Random random;
    private Instant startSent;
    private final AtomicInteger lines = new AtomicInteger();
    private final Map<String, Instant> linesSent = new ConcurrentHashMap<>();
    private volatile CompletableFuture<JsonObject> resumeAnswer;

    ChatVisitor(String name) {
        this.name = name;
    }

    String chatId() {
        return chatId;
    }

    String token() {
        return token;
    }

    /** The chat ended (agent or visitor ended it) as the visitor was told ("ended", or "resumed" with state ENDED): nothing to resume. */
    boolean ended() {
        return ended;
    }

    /** Whether it has a chat that was not ended, so it should come back after a restart. */
    boolean hasOpenChat() {
        return token != null && !ended && !gaveUp;
    }

    /** The server would not let it back in: it leaves for good (reported by the check). */
    void abandon() {
        gaveUp = true;
    }

    void connect(RoundContext r, Random ownRandom) {
        this.round = r;
        this.random = ownRandom;
        socket = WsPeer.connect(r.vertx(), r.httpPort(), "/ws/chat", MultiMap.caseInsensitiveMultiMap(),
                "visitor " + name, this::onMessage);
    }

    void start() {
        startSent = Instant.now();
        socket.send(new JsonObject().put("type", "start").put("name", name).put("topic", "support")
                .put("currentPage", "https://shop.example/help"));
    }

    /** Resumes with the token (at most 10 s for the answer). */
    Resumed resume() {
        resumeAnswer = new CompletableFuture<>();
        socket.send(new JsonObject().put("type", "resume").put("resumeToken", token).put("id", "resume"));
        try {
            JsonObject a = resumeAnswer.get(10, TimeUnit.SECONDS);
            if ("resumed".equals(a.getString("type"))) {
                return new Resumed(a.getString("chatId"), a.getString("state"), a.encode());
            }
            return new Resumed(null, null, a.encode());
        } catch (java.util.concurrent.TimeoutException e) {
            return new Resumed(null, null, "no answer to resume within 10 s");
        } catch (Exception e) {
            return new Resumed(null, null, e.toString());
        }
    }

    /** Writes up to {@code count} lines over the round, each after a short random pause. */
    void chatter(int count) {
        long at = 100;
        for (int i = 0; i < count; i++) {
            at += 150 + random.nextInt(500);
            round.later(at, this::line);
        }
    }

    private void line() {
        if (ended || chatId == null || socket == null || !socket.isOpen()) {
            return;
        }
        String clientId = name + "-" + lines.incrementAndGet();
        linesSent.put(clientId, Instant.now());
        socket.send(new JsonObject().put("type", "message").put("clientId", clientId)
                .put("text", "line " + clientId + " in round " + round.number()));
    }

    private void onMessage(JsonObject m) {
        switch (m.getString("type", "")) {
            case "started" -> {
                chatId = m.getString("chatId");
                token = m.getString("resumeToken");
                round.ledger().ack(round.number(), Ack.Kind.CHAT_STARTED, null, chatId, m, startSent);
            }
            case "resumed" -> {
                if ("ENDED".equals(m.getString("state"))) {
                    // As the widget does (widget.js): the chat ended while the page was away, e.g. an agent's
                    // end that was logged (and acknowledged) just before the kill, whose "ended" never reached
                    // this visitor. It is over: there is nothing to resume at the next restart.
                    ended = true;
                    round.ledger().count("chats found ended on resume");
                }
                CompletableFuture<JsonObject> f = resumeAnswer;
                if (f != null) {
                    f.complete(m);
                }
            }
            case "error" -> {
                CompletableFuture<JsonObject> f = resumeAnswer;
                if (f != null && "resume".equals(m.getString("id"))) {
                    f.complete(m);
                } else {
                    round.ledger().count("visitor error " + m.getInteger("status"));
                }
            }
            case "receipt" -> {
                String clientId = m.getString("clientId");
                if ("sent".equals(m.getString("status")) && clientId != null) {
                    Instant sent = linesSent.getOrDefault(clientId, Instant.now());
                    round.ledger().ack(round.number(), Ack.Kind.VISITOR_LINE, null, chatId, m, sent);
                }
            }
            case "ended" -> ended = true;
            default -> {
            }
        }
    }

    void detach() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
