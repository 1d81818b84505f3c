package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.chat.ChatService;
import org.openucc.config.Role;
import org.openucc.crm.NotFoundException;
import org.openucc.email.EmailService;
import org.openucc.http.HttpStatusException;
import org.openucc.json.JsonFields;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingCommand;

/**
 * Transcripts of the web channels: {@code GET/POST /api/interactions/{id}/messages} (read the chat or
 * mail thread; an agent's chat line), {@code POST /api/interactions/{id}/reply} (an agent's email reply)
 * and {@code GET /api/messages} (search the transcripts' text: an agent only those of interactions they
 * were offered or handled, within one customer; supervisors every one).
 */
final class MessageRoutes {
    /** An interaction's transcript, oldest first. */
    record Transcript(String interactionId, List<TranscriptMessage> messages) {
    }

    /** Messages matching a search, newest first. */
    record Found(String q, List<TranscriptMessage> items) {
    }

    private final ApiContext api;

    MessageRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e) {
        e.get("/api/messages", Role.AGENT, this::search);
        e.get("/api/interactions/:interactionId/messages", Role.AGENT, this::transcript);
        e.post("/api/interactions/:interactionId/messages", Role.AGENT, this::send);
        e.post("/api/interactions/:interactionId/reply", Role.AGENT, this::reply);
        e.get("/api/interactions/:interactionId/attachments/:messageId/:index", Role.AGENT, this::attachment);
    }

    private void search(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String text = q.text("q", 200);
        String customerId = q.text("customerId", 100);
        q.end();
        if (text == null || text.isBlank()) {
            throw org.openucc.http.BadRequestException.field("q", "give the text to search for");
        }
        Caller caller = Replies.caller(ctx);
        if (!caller.is(Role.SUPERVISOR) && customerId == null) {
            throw new AccessDeniedException("agents search within one customer's history (customerId)");
        }
        // An agent reads only the transcripts they may open (see transcript): interactions they were
        // offered or handled. Supervisors and admins search them all.
        String onlyOf = caller.is(Role.SUPERVISOR) ? null : caller.agentId() == null ? "" : caller.agentId();
        MessageStore messages = messages();
        Replies.blocking(ctx, 200, () -> new Found(text, messages.search(text, customerId, onlyOf, 100)));
    }

    private void transcript(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("interactionId");
        Caller caller = Replies.caller(ctx);
        MessageStore messages = messages();
        Replies.later(ctx, 200, api.routing().send(new RoutingCommand.GetInteraction(id)).thenApply(v -> v.orElse(null))
                .thenCompose(live -> ctx.vertx().executeBlocking(() -> {
                    var log = api.store().get().interactionLog();
                    InteractionSummary summary = log.summary(id).orElse(null);
                    List<LogEvent> timeline = log.timeline(id);
                    if (summary == null && live == null) {
                        throw new NotFoundException("interaction", id);
                    }
                    if (!caller.is(Role.SUPERVISOR) && !concerns(caller, live, timeline)) {
                        throw new AccessDeniedException("interaction " + id + " is not one of yours");
                    }
                    return new Transcript(id, messages.transcript(id));
                }, false).toCompletionStage()));
    }

    private void send(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String text = f.text("text", true, 100_000);
        f.end();
        String id = ctx.pathParam("interactionId");
        ChatService chat = api.channels() == null ? null : api.channels().chat();
        if (chat == null) {
            throw new HttpStatusException(503, "web chat is not enabled on this server");
        }
        if (!chat.isChat(id)) {
            throw new HttpStatusException(409, "interaction " + id + " is not an open chat; reply to emails with"
                    + " POST /api/interactions/" + id + "/reply");
        }
        Replies.later(ctx, 201, chat.agentLine(Replies.caller(ctx), id, text));
    }

    /** Content types served as themselves; anything else goes out as application/octet-stream. */
    private static final java.util.Set<String> SAFE_TYPES = java.util.Set.of("image/png", "image/jpeg", "image/gif",
            "application/pdf", "text/plain");

    /** A file that came with a chat line or an email: always as a download, never rendered by the API's origin. */
    private void attachment(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("interactionId");
        String messageId = ctx.pathParam("messageId");
        int index;
        try {
            index = Integer.parseInt(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            throw org.openucc.http.BadRequestException.field("index", "must be a number");
        }
        Caller caller = Replies.caller(ctx);
        MessageStore messages = messages();
        java.nio.file.Path dataDir = java.nio.file.Path.of(api.config().server().dataDir()).toAbsolutePath().normalize();
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        api.routing().send(new RoutingCommand.GetInteraction(id)).thenApply(v -> v.orElse(null)).thenCompose(live -> ctx.vertx().executeBlocking(() -> {
            List<LogEvent> timeline = api.store().get().interactionLog().timeline(id);
            if (timeline.isEmpty() && live == null) {
                throw new NotFoundException("interaction", id);
            }
            if (!caller.is(Role.SUPERVISOR) && !concerns(caller, live, timeline)) {
                throw new AccessDeniedException("interaction " + id + " is not one of yours");
            }
            TranscriptMessage m = messages.transcript(id).stream().filter(x -> x.id().equals(messageId)).findFirst()
                    .orElseThrow(() -> new NotFoundException("message", messageId));
            if (index < 0 || index >= m.attachments().size() || m.attachments().get(index).path() == null) {
                throw new NotFoundException("attachment", messageId + "/" + index);
            }
            TranscriptMessage.Attachment a = m.attachments().get(index);
            java.util.Optional<byte[]> kept = messages.file(a.path());
            if (kept.isPresent()) {
                return java.util.Map.entry(a, kept.get());
            }
            // Kept on this node's disk by a version before the store kept files.
            java.nio.file.Path file = dataDir.resolve(a.path()).normalize();
            if (!file.startsWith(dataDir.resolve("attachments"))) {
                throw new AccessDeniedException("attachment " + messageId + "/" + index + " is outside the attachments");
            }
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new NotFoundException("attachment", messageId + "/" + index + " (no longer kept: files are deleted"
                        + " after channels.chat.attachmentRetention)");
            }
            return java.util.Map.entry(a, java.nio.file.Files.readAllBytes(file));
        }, false).toCompletionStage()).whenComplete((file, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                ctx.fail(failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            TranscriptMessage.Attachment a = file.getKey();
            String type = SAFE_TYPES.contains(a.type()) ? a.type() : "application/octet-stream";
            String ascii = a.name().replaceAll("[^A-Za-z0-9._-]", "_");
            ctx.response().putHeader("content-type", type)
                    .putHeader("content-disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                            + java.net.URLEncoder.encode(a.name(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
                    .putHeader("x-content-type-options", "nosniff")
                    .putHeader("content-security-policy", "sandbox; default-src 'none'")
                    .putHeader("cache-control", "no-store")
                    .end(io.vertx.core.buffer.Buffer.buffer(file.getValue()));
        }));
    }

    private void reply(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String text = f.text("text", true, 100_000);
        f.end();
        EmailService email = api.channels() == null ? null : api.channels().email();
        if (email == null) {
            throw new HttpStatusException(503, "email is not enabled on this server (channels.email in the config)");
        }
        Caller caller = Replies.caller(ctx);
        String id = ctx.pathParam("interactionId");
        Replies.blocking(ctx, 201, () -> email.reply(caller, id, text));
    }

    private MessageStore messages() {
        if (api.channels() == null) {
            throw new HttpStatusException(503, "the web channels are not running");
        }
        return api.channels().messages();
    }

    /** Whether the agent was ever offered it, holds it, or answered it. */
    private static boolean concerns(Caller caller, InteractionView live, List<LogEvent> timeline) {
        if (caller.agentId() == null) {
            return false;
        }
        if (live != null && (caller.isAgent(live.agentId()) || live.offeredTo().contains(caller.agentId()))) {
            return true;
        }
        return timeline.stream().anyMatch(ev -> caller.isAgent(ev.agentId()));
    }
}
