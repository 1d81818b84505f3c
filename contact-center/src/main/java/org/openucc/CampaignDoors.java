package org.openucc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.openucc.fault.UnavailableException;
import org.openucc.json.ApiJson;
import org.openucc.outbound.Campaign;
import org.openucc.outbound.CampaignService;
import org.openucc.outbound.CampaignState;
import org.openucc.outbound.CampaignStateListener;
import org.openucc.outbound.dialer.CampaignDialer;
import org.openucc.outbound.dialer.PreviewDesk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every node reaches the campaign dialer when it runs on another (in a cluster, on the engine's owner):
 * campaign changes made through this node are told to it, live figures and agents' preview commands are asked of
 * it, and it answers the others' requests while it runs here ({@link Singletons#serve}).
 */
final class CampaignDoors implements CampaignStateListener, PreviewConsole.Elsewhere {
    private static final Logger log = LoggerFactory.getLogger(CampaignDoors.class);
    static final String CAMPAIGN_CHANGED = "campaigns.changed";
    static final String CAMPAIGN_LIVE = "campaigns.live";
    static final String PREVIEW_COMMAND = "campaigns.preview";
    static final String PREVIEW_RESHOW = "campaigns.reshow";

    /** An agent's preview command taken on another node. */
    record PreviewAsk(String type, String agentId, String recordId, String reason, Instant at) {
    }

    private final Supplier<Singletons> singletons;
    private final Supplier<CampaignService> campaigns;
    private final Supplier<CampaignDialer> dialer;
    private final Supplier<PreviewDesk> previews;
    private final Supplier<PreviewConsole> console;
    /** The dialer's own listener, for changes told from another node. */
    private final CampaignStateListener here;

    CampaignDoors(Supplier<Singletons> singletons, Supplier<CampaignService> campaigns, Supplier<CampaignDialer> dialer,
                  Supplier<PreviewDesk> previews, Supplier<PreviewConsole> console, CampaignStateListener here) {
        this.singletons = singletons;
        this.campaigns = campaigns;
        this.dialer = dialer;
        this.previews = previews;
        this.console = console;
        this.here = here;
    }

    /** Answers the other nodes' requests while the dialer runs here; the registrations to close at stop. */
    List<Singletons.Registration> serve() {
        List<Singletons.Registration> out = new ArrayList<>();
        Singletons s = singletons.get();
        out.add(s.serve(CAMPAIGN_CHANGED, this::changedElsewhere));
        out.add(s.serve(CAMPAIGN_LIVE, this::liveHere));
        if (console.get() != null) {
            out.add(s.serve(PREVIEW_COMMAND, this::previewHere));
            out.add(s.serve(PREVIEW_RESHOW, agentId -> {
                PreviewDesk d = previews.get(); // only the desk here: never asks on
                if (d != null) {
                    d.shown(agentId).ifPresent(p -> console.get().show(agentId, p));
                }
                return "{}";
            }));
        }
        return out;
    }

    /** A campaign's live figures: from the dialer here, or asked of the node that runs it. */
    CompletionStage<Optional<?>> live(String campaignId) {
        CampaignDialer d = dialer.get();
        if (d != null) {
            return d.figures(campaignId).thenApply(f -> f);
        }
        return singletons.get().ask(CAMPAIGN_LIVE, campaignId).thenApply(json -> {
            JsonNode tree = readTree(json);
            return tree.isNull() ? Optional.empty() : Optional.of(tree);
        });
    }

    // ------------------------------------------------------------------ changes made here (on every node)

    @Override
    public void stateChanged(Campaign campaign, CampaignState from, CampaignState to) {
        tell(campaign.id());
    }

    @Override
    public void settingsChanged(Campaign campaign) {
        tell(campaign.id());
    }

    /** A change made here reaches the dialer when it runs on another node (it is stored: a new owner reads it anyway). */
    private void tell(String campaignId) {
        if (dialer.get() != null) {
            return; // the dialer is here: it heard the change itself
        }
        singletons.get().ask(CAMPAIGN_CHANGED, campaignId).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("campaign {}: the dialer's node was not told of its change now ({}); it takes the stored state"
                        + " when it next starts", campaignId, e.getMessage());
            }
        });
    }

    // ------------------------------------------------------------------ agents' preview commands taken here

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<Map<String, Object>> command(String type, String agentId, String recordId, String reason,
                                                          Instant at) {
        return singletons.get().ask(PREVIEW_COMMAND, ApiJson.text(new PreviewAsk(type, agentId, recordId, reason, at)))
                .thenApply(json -> {
                    try {
                        return (Map<String, Object>) ApiJson.mapper().readValue(json, Map.class);
                    } catch (IOException e) {
                        throw new IllegalStateException("unreadable answer from the preview desk: " + e.getMessage());
                    }
                }).toCompletableFuture();
    }

    @Override
    public void reshow(String agentId) {
        singletons.get().ask(PREVIEW_RESHOW, agentId).whenComplete((ok, e) -> {
            if (e != null) {
                log.debug("preview of {} not shown again: {}", agentId, e.toString());
            }
        });
    }

    // ------------------------------------------------------------------ on the dialer's node: the others' requests

    private String changedElsewhere(String campaignId) {
        Campaign c = campaigns.get().get(campaignId);
        here.stateChanged(c, null, c.state());
        return "{}";
    }

    private String liveHere(String campaignId) {
        CampaignDialer d = dialer.get();
        if (d == null) {
            return "null";
        }
        return ApiJson.text(await(d.figures(campaignId), "the dialer's figures").orElse(null));
    }

    private String previewHere(String json) {
        PreviewAsk a;
        try {
            a = ApiJson.mapper().readValue(json, PreviewAsk.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("a preview command from another node could not be read: " + e.getMessage());
        }
        PreviewDesk d = previews.get();
        if (d == null) {
            throw UnavailableException.here("outbound campaigns are moving to another node; try again");
        }
        return ApiJson.text(await(console.get().act(d, a.type(), a.agentId(), a.recordId(), a.reason(), a.at()),
                "the preview desk"));
    }

    private static <T> T await(CompletionStage<T> stage, String what) {
        return Singletons.await(stage, java.time.Duration.ofSeconds(30), what);
    }

    private static JsonNode readTree(String json) {
        try {
            return ApiJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable live figures from the dialer's node: " + e.getMessage());
        }
    }
}
