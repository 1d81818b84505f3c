package org.openucc.crash;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the clients were told, across rounds: every acknowledgement, and the state each agent's
 * console showed last. Written by many client threads at once; read by the checks once the server
 * is dead (so nothing more can arrive for the round).
 */
final class Ledger {
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final Map<String, RecoveryChecks.SeenState> seen = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, java.util.Set<String>> requested = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong requestSeq = new java.util.concurrent.atomic.AtomicLong();
    private volatile Runnable onAck = () -> { };

    /** Runs on the client's thread right after each acknowledgement is recorded (the crash test's kill trigger). */
    void onAck(Runnable listener) {
        onAck = listener;
    }

    void ack(int round, Ack.Kind kind, String agentId, String interactionId, JsonObject answer, Instant sentAt) {
        acks.add(new Ack(round, kind, agentId, interactionId, answer, sentAt, Instant.now()));
        counts.merge(kind.name(), 1, Integer::sum);
        onAck.run();
    }

    /** Counts something the load did that is no acknowledgement (a call placed, a mail sent), for the report. */
    void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    List<Ack> ofRound(int round) {
        List<Ack> r = new ArrayList<>();
        for (Ack a : acks) {
            if (a.round() == round) {
                r.add(a);
            }
        }
        return r;
    }

    /** The ids of everything acknowledged with this kind, in any round. */
    java.util.Set<String> acknowledged(Ack.Kind kind) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Ack a : acks) {
            if (a.kind() == kind && a.interactionId() != null) {
                ids.add(a.interactionId());
            }
        }
        return ids;
    }

    void seen(String agentId, String state, String reason) {
        seen.put(agentId, new RecoveryChecks.SeenState(state, reason));
    }

    /** A state command is on its way (sent, not answered yet); returns the token to pass to {@link #answered}. */
    String requesting(String agentId, String state, String reason) {
        String label = RecoveryChecks.SeenState.label(state, reason);
        String token = label + "#" + requestSeq.incrementAndGet();
        requested.computeIfAbsent(agentId, a -> ConcurrentHashMap.newKeySet()).add(token);
        return token;
    }

    /** The state command got its answer (or failed for good). */
    void answered(String agentId, String token) {
        java.util.Set<String> r = requested.get(agentId);
        if (r != null) {
            r.remove(token);
        }
    }

    /**
     * What each agent's console showed last, with the state commands still unanswered; the unanswered
     * ones are forgotten (the server that would have answered them is dead).
     */
    Map<String, RecoveryChecks.SeenState> seenStates() {
        Map<String, RecoveryChecks.SeenState> out = new java.util.HashMap<>();
        seen.forEach((agent, s) -> {
            java.util.Set<String> pending = new java.util.HashSet<>();
            java.util.Set<String> r = requested.remove(agent);
            if (r != null) {
                r.forEach(token -> pending.add(token.substring(0, token.lastIndexOf('#'))));
            }
            out.put(agent, new RecoveryChecks.SeenState(s.state(), s.reason(), pending));
        });
        requested.clear();
        return Map.copyOf(out);
    }

    Map<String, Integer> counts() {
        return new java.util.TreeMap<>(counts);
    }
}
