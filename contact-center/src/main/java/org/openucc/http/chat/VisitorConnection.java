package org.openucc.http.chat;

import java.util.concurrent.CompletableFuture;
import org.openucc.chat.ChatMessages;
import org.openucc.chat.ChatService;
import org.openucc.chat.ChatSession;
import org.openucc.chat.PreChat;
import org.openucc.chat.VisitorPeer;
import org.openucc.http.ApiProblem;
import org.openucc.http.BadRequestException;
import org.openucc.http.HttpStatusException;
import org.openucc.json.JsonFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One widget's WebSocket: the first message starts a chat or resumes one; then lines, typing, read
 * receipts, end, rating and the transcript request. Every bad message gets an error carrying its id;
 * none closes the connection.
 */
final class VisitorConnection {
    private static final Logger log = LoggerFactory.getLogger(VisitorConnection.class);
    /** Longest text frame read at all; lines have their own, smaller limit. */
    static final int MAX_FRAME = 16 * 1024;

    private final ChatService chats;
    private final VisitorPeer peer;
    private final String address;
    private volatile ChatSession session;
    private volatile boolean starting;
    /** The chat this connection is starting, until it is attached. */
    private volatile CompletableFuture<?> pendingStart;

    VisitorConnection(ChatService chats, VisitorPeer peer, String address) {
        this.chats = chats;
        this.peer = peer;
        this.address = address;
    }

    void onText(String text) {
        String id = null;
        try {
            if (text.length() > MAX_FRAME) {
                throw new BadRequestException("messages are at most " + MAX_FRAME + " characters");
            }
            JsonFields f = JsonFields.parse(text);
            id = f.scalarText("id", 64);
            String type = f.text("type", true, 40);
            if (type == null) {
                f.end();
            }
            CompletableFuture<?> done = handle(type, f);
            String answerId = id;
            done.whenComplete((ok, failure) -> {
                if (failure != null) {
                    reply(answerId, failure);
                }
            });
        } catch (RuntimeException e) {
            reply(id, e);
        }
    }

    void onClose() {
        ChatSession s = session;
        if (s != null) {
            chats.visitorGone(s, peer);
        }
    }

    private CompletableFuture<?> handle(String type, JsonFields f) {
        CompletableFuture<?> beingStarted = pendingStart;
        if (session == null && beingStarted != null && !beingStarted.isDone() && !type.equals("start")) {
            // The visitor heard "started" before the chat was attached to this connection: wait for it
            // (the start's stage completes only after the session is set).
            return beingStarted.handle((ok, failure) -> null).thenCompose(x -> handle(type, f));
        }
        ChatSession s = session;
        if (s == null && !type.equals("start") && !type.equals("resume") && !type.equals("ping")) {
            throw new HttpStatusException(409, "start a chat (type start) or resume one (type resume) first");
        }
        switch (type) {
            case "ping" -> {
                f.end();
                peer.send(ChatMessages.done("pong"));
                return done();
            }
            case "start" -> {
                if (s != null || starting) {
                    throw new HttpStatusException(409, "this connection already has a chat");
                }
                PreChat form = new PreChat(f.text("name", true, 100), blankToNull(f.text("email", false, 320)),
                        blankToNull(f.text("phone", false, 50)), f.text("topic", true, 64), f.textList("pages", 50, 2000),
                        f.text("currentPage", false, 2000));
                String identityToken = f.text("identityToken", false, 4000);
                if (form.email() != null && !form.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    f.add("email", "is not an email address");
                }
                f.end();
                starting = true;
                CompletableFuture<ChatSession> start = chats.start(form, identityToken, address, peer)
                        .whenComplete((started, failure) -> {
                            session = started;
                            starting = false;
                        });
                pendingStart = start;
                return start;
            }
            case "resume" -> {
                String token = f.text("resumeToken", true, 100);
                f.end();
                if (s != null) {
                    throw new HttpStatusException(409, "this connection already has a chat");
                }
                if (!chats.clustered()) {
                    session = chats.resume(token, peer);
                    return done();
                }
                // A cluster: the chat may be carried by another node, which hands it over to this one first.
                if (starting) {
                    throw new HttpStatusException(409, "this connection already has a chat");
                }
                starting = true;
                CompletableFuture<ChatSession> resume = chats.resumeAnywhere(token, peer)
                        .whenComplete((resumed, failure) -> {
                            session = resumed;
                            starting = false;
                        });
                pendingStart = resume;
                return resume;
            }
            case "message" -> {
                String clientId = f.scalarText("clientId", 64);
                String text = f.text("text", true, 100_000);
                f.end();
                chats.visitorLine(s, peer, clientId, text);
                return done();
            }
            case "typing" -> {
                Boolean typing = f.bool("typing", true);
                f.end();
                chats.visitorTyping(s, typing);
                return done();
            }
            case "read" -> {
                String messageId = f.text("messageId", true, 64);
                f.end();
                chats.visitorRead(s, messageId);
                return done();
            }
            case "end" -> {
                f.end();
                return chats.visitorEnd(s);
            }
            case "rate" -> {
                Integer score = f.integer("score", true, 1, 5);
                String comment = f.text("comment", false, 2000);
                f.end();
                return chats.rate(s, score, comment).thenRun(() -> peer.send(ChatMessages.done("rated")));
            }
            case "transcript" -> {
                String email = blankToNull(f.text("email", false, 320));
                f.end();
                chats.requestTranscript(s, email);
                peer.send(ChatMessages.done("transcriptRequested"));
                return done();
            }
            default -> throw BadRequestException.field("type", "'" + type + "' is not a message type here; use one of"
                    + " start, resume, message, typing, read, end, rate, transcript, ping");
        }
    }

    private void reply(String id, Throwable failure) {
        ApiProblem p = ApiProblem.of(failure);
        String message = p.message();
        if (p.status() == 500) {
            log.error("A chat visitor's message failed", failure);
            message = "internal error";
        } else if (!p.fields().isEmpty()) {
            StringBuilder sb = new StringBuilder(message == null ? "invalid message" : message);
            p.fields().forEach(fe -> sb.append("; ").append(fe.field()).append(": ").append(fe.message()));
            message = sb.toString();
        }
        peer.send(ChatMessages.error(id, p.status(), p.error(), message));
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
