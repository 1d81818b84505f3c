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

    Map<String, RecoveryChecks.SeenState> seenStates() {
        return Map.copyOf(seen);
    }

    Map<String, Integer> counts() {
        return new java.util.TreeMap<>(counts);
    }
}
