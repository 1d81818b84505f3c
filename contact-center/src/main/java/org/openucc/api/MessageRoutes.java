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
import org.openucc.http.JsonFields;
import org.openucc.log.InteractionSummary;
import org.openucc.log.LogEvent;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage;
import org.openucc.routing.InteractionView;

/**
 * Transcripts of the web channels: {@code GET/POST /api/interactions/{id}/messages} (read the chat or
 * mail thread; an agent's chat line), {@code POST /api/interactions/{id}/reply} (an agent's email reply)
 * and {@code GET /api/messages} (search every transcript's text).
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
        MessageStore messages = messages();
        Replies.blocking(ctx, 200, () -> new Found(text, messages.search(text, customerId, 100)));
    }

    private void transcript(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("interactionId");
        Caller caller = Replies.caller(ctx);
        MessageStore messages = messages();
        Replies.later(ctx, 200, api.routing().call(e -> e.interactionView(id).orElse(null))
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
