package org.openucc.crash;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openucc.api.ApiClient;

/**
 * What a server tells about itself through its public API (as a supervisor), read once after a
 * restart so that every check judges the same picture: CDRs, an interaction's timeline and live
 * routing state, each queue's waiting list (with the client-side time bracket of the request, so
 * waited times can be turned into arrival times), agents, agent events and transcripts.
 */
final class Observation {
    /** One interaction: its CDR ({@code summary}), every logged event, and where the ACD has it now (null: not live). */
    record Detail(String id, JsonObject summary, List<JsonObject> timeline, JsonObject live) {
        String outcome() {
            return summary == null ? null : summary.getString("outcome");
        }

        String channel() {
            return summary == null ? (live == null ? null : live.getString("channel")) : summary.getString("channel");
        }

        boolean has(String type, String agentId) {
            return timeline.stream().anyMatch(e -> type.equals(e.getString("type"))
                    && (agentId == null || agentId.equals(e.getString("agentId"))));
        }

        /** Types of the events logged at or before {@code until}, in log order. */
        List<String> typesUntil(Instant until) {
            return timeline.stream().filter(e -> !Instant.parse(e.getString("at")).isAfter(until))
                    .map(e -> e.getString("type")).toList();
        }

        List<String> types() {
            return timeline.stream().map(e -> e.getString("type")).toList();
        }

        /** The timeline for a message: each event's type, with its agent in brackets when it has one. */
        List<String> describe() {
            return timeline.stream().map(e -> e.getString("type") + (e.getString("agentId") == null ? ""
                    : "(" + e.getString("agentId") + ")")).toList();
        }

        /**
         * When it first entered a queue, from its first QUEUED event (null if never). One whose first
         * QUEUED is a restart's restore never had its own QUEUED logged (the server died between its
         * creation and its queueing): its place counts from its creation, as the recovery restores it.
         */
        Instant firstQueuedAt() {
            JsonObject first = timeline.stream().filter(e -> "QUEUED".equals(e.getString("type"))).findFirst()
                    .orElse(null);
            if (first == null) {
                return null;
            }
            JsonObject d = first.getJsonObject("details");
            boolean restored = d != null && "true".equals(String.valueOf(d.getValue("requeued")));
            if (restored) {
                return timeline.stream().filter(e -> "INTERACTION_CREATED".equals(e.getString("type"))).findFirst()
                        .map(e -> Instant.parse(e.getString("at"))).orElse(Instant.parse(first.getString("at")));
            }
            return Instant.parse(first.getString("at"));
        }
    }

    /** A queue's waiting (and offered) interactions in the ACD's order, read between {@code from} and {@code to}. */
    record Waiting(String queueId, List<JsonObject> entries, Instant from, Instant to) {
    }

    private final ApiClient supervisor;
    private final Map<String, Detail> details = new HashMap<>();

    Observation(ApiClient supervisor) {
        this.supervisor = supervisor;
    }

    /** Every CDR of interactions that arrived since {@code from} (paged through). */
    List<JsonObject> summariesSince(Instant from) {
        List<JsonObject> all = new ArrayList<>();
        for (int offset = 0; offset < 100_000; offset += 100) {
            JsonObject page = ok(supervisor.get("/api/interactions?from=" + from + "&offset=" + offset + "&limit=100"))
                    .bodyAsJsonObject();
            JsonArray items = page.getJsonArray("items");
            items.forEach(o -> all.add((JsonObject) o));
            if (!page.getBoolean("hasMore", items.size() == 100)) {
                break;
            }
        }
        return all;
    }

    /** The interaction as the API shows it; null summary and empty timeline when the API does not know it (404). */
    Detail detail(String id) {
        return details.computeIfAbsent(id, i -> {
            HttpResponse<Buffer> r = supervisor.get("/api/interactions/" + enc(i));
            if (r.statusCode() == 404) {
                return new Detail(i, null, List.of(), null);
            }
            JsonObject d = ok(r).bodyAsJsonObject();
            List<JsonObject> timeline = new ArrayList<>();
            d.getJsonArray("timeline", new JsonArray()).forEach(o -> timeline.add((JsonObject) o));
            return new Detail(i, d.getJsonObject("summary"), timeline, d.getJsonObject("live"));
        });
    }

    Waiting waiting(String queueId) {
        Instant from = Instant.now();
        HttpResponse<Buffer> r = ok(supervisor.get("/api/queues/" + enc(queueId) + "/waiting"));
        Instant to = Instant.now();
        List<JsonObject> entries = new ArrayList<>();
        r.bodyAsJsonArray().forEach(o -> entries.add((JsonObject) o));
        return new Waiting(queueId, entries, from, to);
    }

    /** Every agent with its live state, load, interactions and offer. */
    Map<String, JsonObject> agents() {
        Map<String, JsonObject> byId = new HashMap<>();
        ok(supervisor.get("/api/agents")).bodyAsJsonArray().forEach(o -> byId.put(((JsonObject) o).getString("id"),
                (JsonObject) o));
        return byId;
    }

    /** The agent's logged events since {@code from} (login, state changes, logout), oldest first, at most 1,000. */
    List<JsonObject> agentEvents(String agentId, Instant from) {
        List<JsonObject> events = new ArrayList<>();
        ok(supervisor.get("/api/events?agentId=" + enc(agentId) + "&from=" + from + "&limit=1000"))
                .bodyAsJsonObject().getJsonArray("events").forEach(o -> events.add((JsonObject) o));
        return events;
    }

    /** The ids of the messages in an interaction's transcript (empty when it has none or is unknown). */
    List<String> transcriptIds(String interactionId) {
        HttpResponse<Buffer> r = supervisor.get("/api/interactions/" + enc(interactionId) + "/messages");
        if (r.statusCode() == 404) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        ok(r).bodyAsJsonObject().getJsonArray("messages").forEach(m -> ids.add(((JsonObject) m).getString("id")));
        return ids;
    }

    /** The distinct interactions whose transcripts hold the text (message search, as a supervisor). */
    java.util.Set<String> interactionsWithText(String text) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        ok(supervisor.get("/api/messages?q=" + enc(text))).bodyAsJsonObject().getJsonArray("items")
                .forEach(m -> ids.add(((JsonObject) m).getString("interactionId")));
        return ids;
    }

    private static HttpResponse<Buffer> ok(HttpResponse<Buffer> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the API answered " + r.statusCode() + ": " + r.bodyAsString());
        }
        return r;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
