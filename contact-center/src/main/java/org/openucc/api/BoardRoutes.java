package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.openucc.auth.Caller;
import org.openucc.board.Bulletin;
import org.openucc.board.BulletinBoard;
import org.openucc.board.KnowledgeArticle;
import org.openucc.board.KnowledgeBase;
import org.openucc.config.Role;
import org.openucc.json.JsonFields;

/**
 * What the agent console shares: {@code /api/bulletins} (everyone reads; supervisors post, and every
 * connected agent console gets the bulletin at once over its WebSocket), {@code /api/knowledge} (the
 * standard answers: everyone searches, supervisors add), and the codes the consoles offer:
 * {@code /api/reason-codes} and {@code /api/dispositions}.
 */
final class BoardRoutes {
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final ApiContext api;

    BoardRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e) {
        e.get("/api/bulletins", Role.AGENT, this::bulletins);
        e.post("/api/bulletins", Role.SUPERVISOR, this::post);
        e.get("/api/knowledge", Role.AGENT, this::search);
        e.post("/api/knowledge", Role.SUPERVISOR, this::addArticle);
        e.get("/api/reason-codes", Role.AGENT, ctx -> {
            new QueryParams(ctx).end();
            Replies.json(ctx, 200, api.config().reasonCodes());
        });
        e.get("/api/dispositions", Role.AGENT, ctx -> {
            new QueryParams(ctx).end();
            Replies.json(ctx, 200, api.config().dispositions());
        });
    }

    private void bulletins(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        Integer limit = q.integer("limit", 1, MAX_LIMIT);
        q.end();
        Replies.blocking(ctx, 200, () -> api.store().get().bulletins().recent(limit == null ? DEFAULT_LIMIT : limit));
    }

    private void post(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String text = f.text("text", true, BulletinBoard.MAX_TEXT);
        f.end();
        Caller caller = Replies.caller(ctx);
        Replies.blocking(ctx, 201, () -> {
            Bulletin b = api.store().get().bulletins().post(caller.username(), text.strip());
            api.cti().announce(b).join();
            return b;
        });
    }

    private void search(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String text = q.text("q", 200);
        Integer limit = q.integer("limit", 1, MAX_LIMIT);
        q.end();
        Replies.blocking(ctx, 200, () -> api.store().get().knowledge().search(text, limit == null ? DEFAULT_LIMIT : limit));
    }

    private void addArticle(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String title = f.text("title", true, KnowledgeBase.MAX_TITLE);
        String body = f.text("body", true, KnowledgeBase.MAX_BODY);
        List<String> tags = f.textList("tags", KnowledgeBase.MAX_TAGS, KnowledgeBase.MAX_TAG);
        if (tags != null) {
            for (int i = 0; i < tags.size(); i++) {
                if (tags.get(i).contains(",")) {
                    f.add("tags[" + i + "]", "must not contain a comma");
                }
            }
        }
        f.end();
        Caller caller = Replies.caller(ctx);
        Replies.blocking(ctx, 201, () -> {
            KnowledgeArticle a = api.store().get().knowledge().add(caller.username(), title.strip(), body, tags);
            return a;
        });
    }
}
