package org.openucc.crash;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The promises a restart (or a failover to another node) must keep, as small functions over what
 * the API shows ({@link Observation}) and what the clients were told ({@link Ack}s, states seen).
 * Each returns the violations it found, never throws, so a round reports everything at once.
 */
final class RecoveryChecks {
    /** Last events of a conversation that has ended (wrap-up may still follow). */
    private static final Set<String> ENDINGS = Set.of("ENDED", "ABANDONED", "REJECTED", "FAILED");
    private static final Set<String> VOICE = Set.of("VOICE", "OUTBOUND_VOICE");

    private RecoveryChecks() {
    }

    /** Where an interaction stood when the server died, as its log tells up to that moment. */
    enum AtKill { UNKNOWN, WAITING, HANDLED, ENDED }

    static AtKill atKill(Observation.Detail d, Instant killedAt) {
        if (d.summary() == null) {
            return AtKill.UNKNOWN;
        }
        List<String> types = d.typesUntil(killedAt);
        if (types.stream().anyMatch(ENDINGS::contains)) {
            return AtKill.ENDED;
        }
        if (types.contains("CONNECTED") || types.contains("OFFER_ACCEPTED")) {
            return AtKill.HANDLED;
        }
        return types.isEmpty() ? AtKill.UNKNOWN : AtKill.WAITING;
    }

    // ------------------------------------------------------------------ every acknowledged command is in the log

    /**
     * Every acknowledgement a client received has its effect in the interaction log: an accepted offer
     * is the agent's, a decline, an end, a hold, a wrap-up's disposition, a state change (the state the
     * ack reported, logged at the instant the ack gave as its since), a chat line by its message id, a
     * started chat, a queued callback and an acknowledged mail as interactions.
     */
    static List<Violation> acknowledgedCommandsAreLogged(Collection<Ack> acks, Observation api,
                                                         Function<String, List<JsonObject>> agentEvents) {
        List<Violation> found = new ArrayList<>();
        Map<String, List<String>> transcripts = new HashMap<>();
        for (Ack a : acks) {
            String missing = switch (a.kind()) {
                case ACCEPT -> has(api, a, "CONNECTED") || has(api, a, "OFFER_ACCEPTED") ? null
                        : "no CONNECTED or OFFER_ACCEPTED by " + a.agentId();
                case DECLINE -> has(api, a, "OFFER_DECLINED") ? null : "no OFFER_DECLINED by " + a.agentId();
                case END -> api.detail(a.interactionId()).types().stream().anyMatch(ENDINGS::contains) ? null
                        : "no ENDED";
                case HOLD -> has(api, a, "HELD") ? null : "no HELD by " + a.agentId();
                case WRAP_UP -> has(api, a, "DISPOSITION") ? null : "no DISPOSITION by " + a.agentId();
                case STATE -> stateLogged(a, agentEvents.apply(a.agentId()));
                case CHAT_LINE, VISITOR_LINE -> {
                    String messageId = a.answer().getString("messageId");
                    List<String> ids = transcripts.computeIfAbsent(a.interactionId(), api::transcriptIds);
                    yield ids.contains(messageId) ? null : "message " + messageId + " is not in the transcript "
                            + ids;
                }
                case CHAT_STARTED, CALLBACK, EMAIL_TAKEN -> api.detail(a.interactionId()).summary() != null ? null
                        : "the interaction is unknown to the log (GET /api/interactions/" + a.interactionId() + ": 404)";
            };
            if (missing != null) {
                Observation.Detail d = a.interactionId() == null ? null : api.detail(a.interactionId());
                found.add(new Violation("ack-in-log", a.kind() + " " + (a.interactionId() == null ? a.agentId()
                        : a.interactionId()), missing + "; " + a.describe()
                        + (d == null ? "" : "; timeline " + d.describe())));
            }
        }
        return found;
    }

    private static boolean has(Observation api, Ack a, String type) {
        return api.detail(a.interactionId()).has(type, a.agentId());
    }

    /** The state event the ack stands for: to = the acked state, at = the acked since (same millisecond). */
    private static String stateLogged(Ack a, List<JsonObject> events) {
        JsonObject result = a.answer().getJsonObject("result", new JsonObject());
        String state = result.getString("state");
        String since = result.getString("since");
        if (state == null || since == null) {
            return "the ack carried no state and since: cannot be checked";
        }
        long at = Instant.parse(since).toEpochMilli();
        boolean logged = events.stream().anyMatch(e -> state.equals(e.getJsonObject("details", new JsonObject())
                .getString("to")) && Instant.parse(e.getString("at")).toEpochMilli() == at);
        return logged ? null : "no agent event to " + state + " at " + since + " (agent events: "
                + events.stream().map(e -> e.getString("type") + describeDetails(e) + "@" + e.getString("at")).toList()
                + ")";
    }

    private static String describeDetails(JsonObject event) {
        JsonObject d = event.getJsonObject("details", new JsonObject());
        return d.getString("to") != null ? " to " + d.getString("to") : d.getString("phone") != null
                ? " phone " + d.getString("phone") : "";
    }

    // ------------------------------------------------------------------ no record IN_PROGRESS without being live

    /**
     * A CDR that has not ended (outcome IN_PROGRESS, or answered with no end yet) must belong to an
     * interaction the ACD holds; otherwise it stays open for good and no one will ever handle or end it.
     */
    static List<Violation> noRecordInProgressWithoutLive(Collection<JsonObject> summaries, Observation api) {
        List<Violation> found = new ArrayList<>();
        for (JsonObject s : summaries) {
            if ("IN_PROGRESS".equals(s.getString("outcome")) || s.getString("endedAt") == null) {
                Observation.Detail d = api.detail(s.getString("interactionId"));
                if (d.live() == null) {
                    found.add(new Violation("in-progress-not-live", d.id(), d.channel() + " record never ended (outcome "
                            + s.getString("outcome") + ", no endedAt) but the ACD does not hold it; timeline "
                            + d.describe()));
                }
            }
        }
        return found;
    }

    // ------------------------------------------------------------------ waiting at its place, or ended with a reason

    /**
     * Every interaction that was open when the server died: a call on the built-in SIP stack lost its
     * media, so it must be ended with a reason and not be live; a chat, email or callback that was
     * waiting or offered must be back in the ACD (the customer is still there); one being handled is
     * back in the ACD or ended with a reason. Anything the restart ended carries a reason. A chat whose
     * visitor was never told it started (no "started", so no resume token: the kill came between creating
     * the interaction and answering the visitor) has no customer who can ever reach it: it may instead end
     * with a reason, rather than be offered to an agent with nobody there.
     *
     * @param chatsStarted the chats whose visitors got "started" (acknowledged), in any round
     */
    static List<Violation> openInteractionsWaitOrEndWithReason(Collection<String> ids, Observation api,
                                                                Instant killedAt, Set<String> chatsStarted) {
        List<Violation> found = new ArrayList<>();
        for (String id : ids) {
            Observation.Detail d = api.detail(id);
            AtKill status = atKill(d, killedAt);
            if (status == AtKill.UNKNOWN || status == AtKill.ENDED) {
                continue;
            }
            // A record with no channel has events but no INTERACTION_CREATED (e.g. a mail stored, then the kill).
            String channel = d.channel() == null ? "interaction without INTERACTION_CREATED" : d.channel();
            boolean live = d.live() != null;
            boolean endedWithReason = !live && !"IN_PROGRESS".equals(d.outcome()) && d.summary().getString("endedAt") != null
                    && !d.summary().getString("endCause", "").isBlank();
            String problem = null;
            if (VOICE.contains(channel)) {
                if (!endedWithReason) {
                    problem = "a call open at the crash (" + status + ") lost its media, so it must be ended with a"
                            + " reason and not live; it is " + state(d);
                }
            } else if (status == AtKill.WAITING) {
                boolean visitorNeverTold = "CHAT".equals(channel) && !chatsStarted.contains(id);
                if (!live && !(visitorNeverTold && endedWithReason)) {
                    problem = "a " + channel + " waiting or offered at the crash must be back in its queue (the customer"
                            + " is still there); it is " + state(d);
                }
            } else if (!live && !endedWithReason) {
                problem = "a " + channel + " being handled at the crash must be back in the ACD or ended with a reason;"
                        + " it is " + state(d);
            }
            if (problem != null) {
                found.add(new Violation("waiting-or-ended", channel + " " + id, problem + "; timeline " + d.describe()));
            }
        }
        return found;
    }

    private static String state(Observation.Detail d) {
        return (d.live() == null ? "not live" : "live " + d.live().getString("state")) + ", outcome " + d.outcome()
                + ", endCause " + d.summary().getString("endCause");
    }

    /** Slack when comparing two waited times with their logged arrivals (both are whole milliseconds of one clock). */
    static final long SAME_ARRIVAL_SLACK_MILLIS = 50;

    /**
     * Each queue's waiting interactions keep their place and waited time:
     * <ul>
     * <li>first come, first served among equal priority: positions follow the logged first QUEUED times;
     * <li>waited times keep their distances: for two interactions of one list, the difference of their
     *     waited times is the difference of their logged arrivals (a restart that queued them anew, or
     *     restarted their waits, shrinks it). One answer's waited times share one engine clock, so
     *     this holds however stale that clock is when it answers;
     * <li>after a restart ({@code killSentAt} not null), one that waited before the crash has waited at
     *     least as long as it had when the server died (the new engine's clock is later than the kill).
     * </ul>
     */
    static List<Violation> waitingKeepTheirPlace(Collection<Observation.Waiting> queues, Observation api,
                                                 Instant killSentAt) {
        List<Violation> found = new ArrayList<>();
        for (Observation.Waiting q : queues) {
            List<JsonObject> waiting = q.entries().stream().filter(e -> e.getInteger("position", 0) > 0)
                    .sorted(Comparator.comparingInt(e -> e.getInteger("position"))).toList();
            Map<Integer, JsonObject> lastByPriority = new HashMap<>();
            JsonObject previous = null;
            for (JsonObject e : waiting) {
                String id = e.getString("id");
                Instant queuedAt = api.detail(id).firstQueuedAt();
                if (queuedAt == null) {
                    found.add(new Violation("place-kept", q.queueId() + " " + id, "waits at position "
                            + e.getInteger("position") + " but its log has no QUEUED event"));
                    continue;
                }
                int priority = e.getInteger("priority", 0);
                JsonObject ahead = lastByPriority.get(priority);
                if (ahead != null && queuedAt.isBefore(api.detail(ahead.getString("id")).firstQueuedAt())) {
                    found.add(new Violation("place-kept", q.queueId() + " " + id, "queued at " + queuedAt
                            + " but waits at position " + e.getInteger("position") + ", behind " + ahead.getString("id")
                            + " queued later at " + api.detail(ahead.getString("id")).firstQueuedAt()));
                }
                lastByPriority.put(priority, e);
                if (previous != null) {
                    Instant previousQueuedAt = api.detail(previous.getString("id")).firstQueuedAt();
                    long logged = queuedAt.toEpochMilli() - previousQueuedAt.toEpochMilli();
                    long waitedApart = previous.getLong("waitedMillis", 0L) - e.getLong("waitedMillis", 0L);
                    if (Math.abs(logged - waitedApart) > SAME_ARRIVAL_SLACK_MILLIS) {
                        found.add(new Violation("place-kept", q.queueId() + " " + id, "arrived " + logged + " ms after "
                                + previous.getString("id") + " (logged QUEUED times) but the ACD says their waits are "
                                + waitedApart + " ms apart: their waited times were not kept"));
                    }
                }
                previous = e;
                if (killSentAt != null && queuedAt.isBefore(killSentAt)) {
                    long waitedAtKill = killSentAt.toEpochMilli() - queuedAt.toEpochMilli();
                    long waited = e.getLong("waitedMillis", 0L);
                    if (waited < waitedAtKill) {
                        found.add(new Violation("place-kept", q.queueId() + " " + id, "had waited " + waitedAtKill
                                + " ms when the server was killed (queued at " + queuedAt + ") but the ACD says it has"
                                + " waited " + waited + " ms: its wait started again"));
                    }
                }
            }
        }
        return found;
    }

    // ------------------------------------------------------------------ no agent stuck

    /**
     * What an agent's console last showed before the crash, and the states it had asked for without an
     * answer yet when the server died ({@link #label}s): such a command may have been carried out and
     * logged just before the kill, so the agent may come back in it.
     */
    record SeenState(String state, String reason, Set<String> requested) {
        SeenState(String state, String reason) {
            this(state, reason, Set.of());
        }

        SeenState {
            requested = Set.copyOf(requested);
        }

        static String label(String state, String reason) {
            return state + (reason == null || !"NOT_READY".equals(state) ? "" : " (" + reason + ")");
        }
    }

    /**
     * After the restart every agent the test used is back in the state its console last showed, or
     * NOT_READY with a reason (never silently logged out, never NOT_READY without one), and its state
     * agrees with its work: BUSY holds live interactions that are its own, RESERVED has a live offer
     * made to it, WRAP_UP has an interaction in wrap-up.
     */
    static List<Violation> agentsNotStuck(Map<String, SeenState> before, Map<String, JsonObject> agents,
                                          Observation api) {
        List<Violation> found = new ArrayList<>();
        for (Map.Entry<String, SeenState> b : before.entrySet()) {
            String id = b.getKey();
            JsonObject a = agents.get(id);
            if (a == null) {
                found.add(new Violation("agent-state", id, "the agent is gone from GET /api/agents"));
                continue;
            }
            String state = a.getString("state");
            String reason = a.getString("reason");
            SeenState seen = b.getValue();
            boolean sameAsBefore = state.equals(seen.state()) && (!"NOT_READY".equals(state)
                    || java.util.Objects.equals(reason, seen.reason()));
            boolean notReadyWithReason = "NOT_READY".equals(state) && reason != null && !reason.isBlank();
            boolean workCame = "READY".equals(seen.state()) && Set.of("RESERVED", "BUSY").contains(state);
            boolean workStateBefore = Set.of("BUSY", "RESERVED", "WRAP_UP").contains(seen.state());
            boolean asRequested = seen.requested().contains(SeenState.label(state, reason));
            String was = seen.state() + (seen.reason() == null ? "" : " (" + seen.reason() + ")");
            String is = state + (reason == null ? "" : " (" + reason + ")");
            if ("NOT_READY".equals(state) && !notReadyWithReason) {
                found.add(new Violation("agent-state", id, "NOT_READY without a reason (was " + was + ")"));
            } else if ("LOGGED_OUT".equals(state) && !"LOGGED_OUT".equals(seen.state())) {
                found.add(new Violation("agent-state", id, "was " + was + " before the crash, is LOGGED_OUT after it:"
                        + " expected the same state or NOT_READY with a reason"));
            } else if (!workStateBefore && !"LOGGED_OUT".equals(seen.state()) && !sameAsBefore && !notReadyWithReason
                    && !workCame && !asRequested) {
                found.add(new Violation("agent-state", id, "was " + was + " before the crash, is " + is
                        + " after it: expected the same state, one it had asked for (" + seen.requested()
                        + " unanswered), or NOT_READY with a reason"));
            }
            found.addAll(workAgrees(id, a, api));
        }
        return found;
    }

    private static List<Violation> workAgrees(String id, JsonObject a, Observation api) {
        List<Violation> found = new ArrayList<>();
        String state = a.getString("state");
        List<String> hands = a.getJsonArray("interactions", new io.vertx.core.json.JsonArray()).stream()
                .map(String::valueOf).toList();
        for (String i : hands) {
            JsonObject live = api.detail(i).live();
            if (live == null || !id.equals(live.getString("agentId"))) {
                found.add(new Violation("agent-stuck", id, "lists " + i + " in its hands but the ACD has it "
                        + (live == null ? "nowhere" : "with " + live.getString("agentId") + " " + live.getString("state"))));
            }
        }
        switch (state) {
            case "BUSY" -> {
                if (hands.isEmpty()) {
                    found.add(new Violation("agent-stuck", id, "BUSY with no interaction in hand"));
                }
            }
            case "RESERVED" -> {
                String offered = a.getString("offeredInteraction");
                JsonObject live = offered == null ? null : api.detail(offered).live();
                if (live == null || !live.getJsonArray("offeredTo", new io.vertx.core.json.JsonArray()).contains(id)) {
                    found.add(new Violation("agent-stuck", id, "RESERVED but no live offer to it (offeredInteraction "
                            + offered + ")"));
                }
            }
            case "WRAP_UP" -> {
                boolean wrapping = hands.stream().map(i -> api.detail(i).live())
                        .anyMatch(l -> l != null && "WRAP_UP".equals(l.getString("state")));
                if (!wrapping) {
                    found.add(new Violation("agent-stuck", id, "WRAP_UP with no interaction in wrap-up " + hands));
                }
            }
            default -> {
            }
        }
        return found;
    }

    // ------------------------------------------------------------------ emails

    /**
     * Every mail the server marked seen (taken in) is one interaction whose transcript holds it (found
     * by the mail's unique token): not lost, and not taken in twice after a restart.
     */
    static List<Violation> seenMailsAreInteractions(Collection<String> seenTokens,
                                                    Function<String, Set<String>> interactionsWith) {
        List<Violation> violations = new ArrayList<>();
        for (String token : seenTokens) {
            Set<String> ids = interactionsWith.apply(token);
            if (ids.isEmpty()) {
                violations.add(new Violation("mail-taken", token, "the mailbox shows the mail as seen (taken in) but"
                        + " no transcript holds it"));
            } else if (ids.size() > 1) {
                violations.add(new Violation("mail-taken", token, "one mail became " + ids.size() + " interactions "
                        + ids));
            }
        }
        return violations;
    }
}
