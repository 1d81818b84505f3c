package org.openucc.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openucc.config.Role;
import org.openucc.crm.CustomerQuery;
import org.openucc.fault.LimitExceededException;
import org.openucc.http.BadRequestException;
import org.openucc.interaction.Tier;
import org.openucc.json.JsonFields;
import org.openucc.limits.RateLimiter;
import org.openucc.outbound.AmdMode;
import org.openucc.outbound.CallingWindow;
import org.openucc.outbound.Campaign;
import org.openucc.outbound.CampaignDraft;
import org.openucc.outbound.CampaignRecord;
import org.openucc.outbound.CampaignService;
import org.openucc.outbound.Consent;
import org.openucc.outbound.DialingMode;
import org.openucc.outbound.RecordDraft;
import org.openucc.outbound.RetrySchedule;

/**
 * Campaigns for supervisors: {@code /api/campaigns} (create, replace, read, list), their calling lists
 * ({@code …/import} CSV, {@code …/records} JSON rows, {@code …/records/from-crm} a customer query), their records
 * by state, live list figures, and the state moves start / pause / stop (stored, then told to the campaign
 * runtime; an illegal move is 409). The do-not-call lists: {@code /api/dnc}. Adding lists is limited per user
 * ({@code api.maxListsPerMinute}) and in size ({@code api.maxImportBytes}, {@code api.maxListRows} rows).
 */
final class CampaignRoutes {

    /** A campaign as the API shows it. */
    record CampaignView(String id, String name, String queueId, DialingMode mode, String state, String callerId,
                        int ringTimeoutSeconds, double abandonLimitPercent, int maxAttempts, RetryView retrySchedule,
                        WindowView window, AmdMode amdMode, String amdMessagePromptId, String identificationPromptId,
                        boolean requireConsent, long version, Instant createdAt, Instant updatedAt) {
        static CampaignView of(Campaign c) {
            CampaignDraft s = c.settings();
            return new CampaignView(c.id(), s.name(), s.queueId(), s.mode(), c.state().name(), s.callerId(),
                    s.ringTimeoutSeconds(), s.abandonLimitPercent(), s.maxAttempts(),
                    new RetryView(new java.util.TreeMap<>(s.retrySchedule().retryMinutes()),
                            List.copyOf(new TreeSet<>(s.retrySchedule().finalOutcomes()))),
                    new WindowView(hhmm(s.window().from()), hhmm(s.window().to()),
                            EnumSet.copyOf(s.window().days()).stream().map(Enum::name).toList()),
                    s.amdMode(), s.amdMessagePromptId(), s.identificationPromptId(), s.requireConsent(), c.version(),
                    c.createdAt(), c.updatedAt());
        }
    }

    record RetryView(Map<String, Integer> retryMinutes, List<String> finalOutcomes) {
    }

    record WindowView(String from, String to, List<String> days) {
    }

    private final ApiContext api;
    private final RateLimiter lists;

    CampaignRoutes(ApiContext api) {
        this.api = api;
        this.lists = new RateLimiter(api.config().api().maxListsPerMinute(), Duration.ofMinutes(1), api.clock());
    }

    void mount(Endpoints e) {
        BodyHandler big = BodyHandler.create(false).setBodyLimit(api.config().api().maxImportBytes());
        e.get("/api/campaigns", Role.SUPERVISOR, ctx -> {
            new QueryParams(ctx).end();
            Replies.blocking(ctx, 200, () -> campaigns().list().stream().map(CampaignView::of).toList());
        });
        e.post("/api/campaigns", Role.SUPERVISOR, this::create);
        e.get("/api/campaigns/:campaignId", Role.SUPERVISOR, ctx -> {
            new QueryParams(ctx).end();
            String id = ctx.pathParam("campaignId");
            Replies.blocking(ctx, 200, () -> CampaignView.of(campaigns().get(id)));
        });
        e.put("/api/campaigns/:campaignId", Role.SUPERVISOR, this::replace);
        e.post("/api/campaigns/:campaignId/start", Role.SUPERVISOR, ctx -> move(ctx, "start"));
        e.post("/api/campaigns/:campaignId/pause", Role.SUPERVISOR, ctx -> move(ctx, "pause"));
        e.post("/api/campaigns/:campaignId/stop", Role.SUPERVISOR, ctx -> move(ctx, "stop"));
        e.get("/api/campaigns/:campaignId/figures", Role.SUPERVISOR, ctx -> {
            new QueryParams(ctx).end();
            String id = ctx.pathParam("campaignId");
            Replies.blocking(ctx, 200, () -> campaigns().figures(id, api.clock().instant()));
        });
        e.get("/api/campaigns/:campaignId/live", Role.SUPERVISOR, ctx -> {
            new QueryParams(ctx).end();
            String id = ctx.pathParam("campaignId");
            Replies.blocking(ctx, 200, () -> campaigns().live(id).toCompletableFuture()
                    .get(5, java.util.concurrent.TimeUnit.SECONDS)
                    .orElseThrow(() -> new org.openucc.crm.NotFoundException("dialling campaign", id)));
        });
        e.route(HttpMethod.POST, "/api/campaigns/:campaignId/import", Role.SUPERVISOR, big, this::importCsv);
        e.route(HttpMethod.POST, "/api/campaigns/:campaignId/records", Role.SUPERVISOR, big, this::addRows);
        e.post("/api/campaigns/:campaignId/records/from-crm", Role.SUPERVISOR, this::addFromCrm);
        e.get("/api/campaigns/:campaignId/records", Role.SUPERVISOR, this::records);
        e.get("/api/dnc", Role.SUPERVISOR, this::dncList);
        e.post("/api/dnc", Role.SUPERVISOR, this::dncAdd);
        e.delete("/api/dnc", Role.SUPERVISOR, this::dncRemove);
        e.route(HttpMethod.POST, "/api/dnc/import", Role.SUPERVISOR, big, this::dncImport);
    }

    private int maxRows() {
        return api.config().api().maxListRows();
    }

    private CampaignService campaigns() {
        return api.store().get().campaigns();
    }

    private void create(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        CampaignDraft draft = draft(f);
        f.end();
        Replies.blocking(ctx, 201, () -> CampaignView.of(campaigns().create(draft)));
    }

    private void replace(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("campaignId");
        JsonFields f = JsonFields.parse(ctx.body().asString());
        Long version = f.whole("version", true, 1);
        CampaignDraft draft = draft(f);
        f.end();
        Replies.blocking(ctx, 200, () -> CampaignView.of(campaigns().update(id, version, draft)));
    }

    /** The settings; absent numbers take their defaults (ring 25 s, abandon limit 3 %, 3 attempts). */
    private static CampaignDraft draft(JsonFields f) {
        String name = f.text("name", true, 200);
        String queueId = f.text("queueId", true, 100);
        DialingMode mode = f.enumValue("mode", DialingMode.class, true);
        String callerId = f.text("callerId", false, 50);
        Integer ring = f.integer("ringTimeoutSeconds", false, 0, 3600);
        String limit = f.scalarText("abandonLimitPercent", 20);
        double abandon = CampaignDraft.DEFAULT_ABANDON_LIMIT_PERCENT;
        if (limit != null) {
            try {
                abandon = Double.parseDouble(limit);
            } catch (NumberFormatException e) {
                f.add("abandonLimitPercent", "must be a number");
            }
        }
        Integer attempts = f.integer("maxAttempts", false, 0, 1000);
        RetrySchedule retries = null;
        JsonFields r = f.object("retrySchedule");
        if (r != null) {
            Map<String, Integer> minutes = r.integerMap("retryMinutes", false, 50, 0, Integer.MAX_VALUE);
            List<String> finals = r.textList("finalOutcomes", 50, 40);
            r.endNested();
            retries = new RetrySchedule(minutes, finals == null ? Set.of() : Set.copyOf(finals));
        }
        CallingWindow window = null;
        JsonFields w = f.object("window");
        if (w != null) {
            LocalTime from = time(w, "from");
            LocalTime to = time(w, "to");
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            List<String> dayNames = w.textList("days", 7, 10);
            if (dayNames == null || dayNames.isEmpty()) {
                w.add("days", "is required: the days calls are made, e.g. [\"MONDAY\", \"TUESDAY\"]");
            } else {
                for (String d : dayNames) {
                    try {
                        days.add(DayOfWeek.valueOf(d.strip().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        w.add("days", "'" + d + "' is not a day (MONDAY … SUNDAY)");
                    }
                }
            }
            w.endNested();
            if (from != null && to != null) {
                window = new CallingWindow(from, to, days);
            }
        }
        AmdMode amd = f.enumValue("amdMode", AmdMode.class, false);
        String message = f.text("amdMessagePromptId", false, 100);
        String identification = f.text("identificationPromptId", false, 100);
        Boolean consent = f.bool("requireConsent", false);
        return new CampaignDraft(name, queueId, mode, callerId,
                ring == null ? CampaignDraft.DEFAULT_RING_TIMEOUT_SECONDS : ring, abandon,
                attempts == null ? CampaignDraft.DEFAULT_MAX_ATTEMPTS : attempts, retries, window, amd, message,
                identification, consent != null && consent);
    }

    private static LocalTime time(JsonFields w, String field) {
        String t = w.text(field, true, 5);
        if (t == null) {
            return null;
        }
        try {
            return LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            w.add(field, "must be a time of day as HH:mm, e.g. 09:00");
            return null;
        }
    }

    private static String hhmm(LocalTime t) {
        return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    }

    private void move(RoutingContext ctx, String how) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("campaignId");
        Replies.blocking(ctx, 200, () -> CampaignView.of(switch (how) {
            case "start" -> campaigns().start(id);
            case "pause" -> campaigns().pause(id);
            default -> campaigns().stop(id);
        }));
    }

    // ------------------------------------------------------------------ lists

    private void limitLists(RoutingContext ctx) {
        String user = Replies.caller(ctx).username();
        if (!lists.tryAcquire(user)) {
            api.rejections().count("campaigns", "lists-per-user");
            long wait = lists.retryAfterSeconds(user);
            throw new LimitExceededException("at most " + api.config().api().maxListsPerMinute()
                    + " lists a minute per user; try again in "
                    + wait + " s", Duration.ofSeconds(wait));
        }
    }

    private void importCsv(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("campaignId");
        String csv = csvBody(ctx, "phone,name,customer_id,consent_source,consent_at,field.<name>");
        limitLists(ctx);
        Replies.blocking(ctx, 200, () -> campaigns().importCsv(id, new StringReader(csv), maxRows()));
    }

    private void addRows(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("campaignId");
        JsonFields f = JsonFields.parse(ctx.body().asString());
        List<JsonFields> rows = f.objectList("rows", maxRows());
        if (!f.has("rows")) {
            f.add("rows", "is required: a list of {phone, name, customerId, fields, consent}");
        }
        List<RecordDraft> drafts = new ArrayList<>();
        for (JsonFields row : rows) {
            String phone = row.text("phone", true, 100);
            String name = row.text("name", false, 200);
            String customerId = row.text("customerId", false, 40);
            Map<String, String> fields = row.textMap("fields", 50, 1000);
            Consent consent = null;
            JsonFields c = row.object("consent");
            if (c != null) {
                consent = new Consent(c.text("source", true, 200), c.instant("givenAt", true));
                c.endNested();
            }
            row.endNested();
            drafts.add(new RecordDraft(drafts.size() + 1, phone, customerId, name, fields, consent));
        }
        f.end();
        limitLists(ctx);
        Replies.blocking(ctx, 200, () -> campaigns().addRows(id, drafts, maxRows()));
    }

    private void addFromCrm(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("campaignId");
        JsonFields f = JsonFields.parse(ctx.body().asString());
        JsonFields q = f.object("query");
        Integer limit = f.integer("limit", false, 1, CampaignService.MAX_CRM_RECORDS);
        CustomerQuery query = null;
        if (q == null) {
            f.add("query", "is required: {name, phone, email, accountNumber, tier, tag}, every one given must match");
        } else {
            query = new CustomerQuery(q.text("name", false, 200), q.text("phone", false, 50),
                    q.text("email", false, 200), q.text("accountNumber", false, 40),
                    q.enumValue("tier", Tier.class, false), q.text("tag", false, 50));
            q.endNested();
        }
        f.end();
        CustomerQuery theQuery = query;
        limitLists(ctx);
        Replies.blocking(ctx, 200, () -> campaigns().addFromCrm(id, theQuery,
                limit == null ? CampaignService.MAX_CRM_RECORDS : limit));
    }

    private void records(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String stateText = q.text("state", 100);
        var page = q.page();
        Set<CampaignRecord.State> states = EnumSet.noneOf(CampaignRecord.State.class);
        List<org.openucc.crm.FieldError> bad = new ArrayList<>();
        if (stateText != null) {
            for (String s : stateText.split(",")) {
                try {
                    states.add(CampaignRecord.State.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    bad.add(new org.openucc.crm.FieldError("state", "'" + s + "' is not one of PENDING, DIALING, DONE,"
                            + " FAILED (comma-separated)"));
                }
            }
        }
        q.end();
        if (!bad.isEmpty()) {
            throw new BadRequestException(bad);
        }
        String id = ctx.pathParam("campaignId");
        Replies.blocking(ctx, 200, () -> campaigns().records(id, states, page));
    }

    // ------------------------------------------------------------------ do-not-call

    private void dncList(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String list = q.text("list", 60);
        var page = q.page();
        q.end();
        Replies.blocking(ctx, 200, () -> campaigns().doNotCall(list, page));
    }

    private void dncAdd(RoutingContext ctx) {
        new QueryParams(ctx).end();
        JsonFields f = JsonFields.parse(ctx.body().asString());
        String phone = f.text("phone", true, 50);
        String list = f.text("list", false, 60);
        String source = f.text("source", false, 200);
        f.end();
        Replies.blocking(ctx, 201, () -> campaigns().addDoNotCall(phone, list, source));
    }

    private void dncRemove(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String list = q.text("list", 60);
        String phone = q.text("phone", 50);
        q.require("list", list);
        q.require("phone", phone);
        q.end();
        Replies.blocking(ctx, 204, () -> {
            campaigns().removeDoNotCall(list, phone);
            return null;
        });
    }

    private void dncImport(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String list = q.text("list", 60);
        String source = q.text("source", 200);
        q.end();
        String csv = csvBody(ctx, "phone,source");
        limitLists(ctx);
        Replies.blocking(ctx, 200, () -> campaigns().importDoNotCall(new StringReader(csv), list, source, maxRows()));
    }

    private static String csvBody(RoutingContext ctx, String columns) {
        if (ctx.body().isEmpty()) {
            throw new BadRequestException("the request has no body: send the CSV file (Content-Type: text/csv) with a"
                    + " header line naming its columns: " + columns);
        }
        return ctx.body().asString();
    }
}
