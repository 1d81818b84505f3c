package org.openucc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.cti.AgentChannelCommands;
import org.openucc.cti.AgentStreams;
import org.openucc.json.ApiJson;
import org.openucc.json.JsonFields;
import org.openucc.outbound.dialer.PreviewDesk;

/**
 * Preview campaigns on the agent stream: pushes {@code campaignPreview} / {@code campaignPreviewWithdrawn} to an
 * agent's consoles and takes the agent's {@code previewDial}, {@code previewSkip} and {@code previewCallback}
 * (only an agent, for themself: a supervisor has no agent id and is refused).
 */
final class PreviewConsole implements AgentChannelCommands, PreviewDesk.PreviewConsoles {
    private final Supplier<AgentStreams> streams;
    private final Supplier<PreviewDesk> desk;
    private final Executor workers;
    private final Elsewhere elsewhere;

    /** The preview desk on another node (in a cluster, the engine's owner runs it): an agent's command, forwarded. */
    interface Elsewhere {
        CompletableFuture<Map<String, Object>> command(String type, String agentId, String recordId, String reason,
                                                       java.time.Instant at);

        /** A console of the agent joined here: the desk's node shows the agent's record again. */
        void reshow(String agentId);
    }

    PreviewConsole(Supplier<AgentStreams> streams, Supplier<PreviewDesk> desk, Executor workers, Elsewhere elsewhere) {
        this.streams = streams;
        this.desk = desk;
        this.workers = workers;
        this.elsewhere = elsewhere;
    }

    @Override
    public void show(String agentId, PreviewDesk.Preview p) {
        ObjectNode m = ApiJson.message("campaignPreview");
        m.put("campaignId", p.campaignId()).put("campaignName", p.campaignName())
                .put("recordId", p.record().recordId()).put("phone", p.record().phone())
                .put("name", p.record().name()).put("customerId", p.record().customerId())
                .put("attempt", p.record().attempt()).put("expiresAt", p.expiresAt().toString());
        m.set("fields", ApiJson.tree(p.record().fields()));
        streams.get().sendToAgent(agentId, m.toString());
    }

    /** A console of the agent joined: the record on their screen is shown again (it is not in the hello). */
    void reshow(String agentId) {
        PreviewDesk d = desk.get();
        if (d != null) {
            d.shown(agentId).ifPresent(p -> show(agentId, p));
        } else {
            elsewhere.reshow(agentId);
        }
    }

    @Override
    public void withdraw(String agentId, String campaignId, String recordId, String reason) {
        ObjectNode m = ApiJson.message("campaignPreviewWithdrawn");
        m.put("campaignId", campaignId).put("recordId", recordId).put("reason", reason);
        streams.get().sendToAgent(agentId, m.toString());
    }

    @Override
    public Optional<CompletableFuture<?>> command(Caller caller, String type, JsonFields f) {
        if (!type.equals("previewDial") && !type.equals("previewSkip") && !type.equals("previewCallback")) {
            return Optional.empty();
        }
        String recordId = f.text("recordId", true, 100);
        String reason = type.equals("previewSkip") ? f.text("reason", false, 200) : null;
        java.time.Instant at = type.equals("previewCallback") ? f.instant("at", true) : null;
        f.end();
        if (caller.agentId() == null) {
            return Optional.of(CompletableFuture.failedFuture(new AccessDeniedException("user '" + caller.username()
                    + "' is not an agent; only the agent a record is previewed to can dial, skip or call it back")));
        }
        PreviewDesk d = desk.get();
        String agentId = caller.agentId();
        if (d == null) {
            return Optional.of(elsewhere.command(type, agentId, recordId, reason, at));
        }
        return Optional.of(act(d, type, agentId, recordId, reason, at));
    }

    /** The agent's command on the desk running here (also for a command forwarded from another node). */
    CompletableFuture<Map<String, Object>> act(PreviewDesk d, String type, String agentId, String recordId, String reason,
                                               java.time.Instant at) {
        return CompletableFuture.supplyAsync(() -> switch (type) {
            case "previewDial" -> Map.of("interactionId", d.dial(agentId, recordId), "recordId", recordId);
            case "previewSkip" -> {
                d.skip(agentId, recordId, reason);
                yield Map.of("recordId", recordId);
            }
            default -> {
                d.callback(agentId, recordId, at);
                yield Map.of("recordId", recordId, "at", at.toString());
            }
        }, workers);
    }

    @Override
    public String types() {
        return "previewDial, previewSkip, previewCallback";
    }
}
