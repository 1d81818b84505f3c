package org.openucc.cti;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.openucc.board.Bulletin;
import org.openucc.config.DispositionCode;
import org.openucc.config.ReasonCode;
import org.openucc.json.ApiJson;
import org.openucc.routing.AgentView;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingEvent;

/**
 * The JSON messages the agent stream carries from the bridge (see README, "WebSocket CTI"); the replies
 * to a console's own commands (ack, error, pong) are written at the HTTP edge.
 */
public final class AgentMessages {
    private AgentMessages() {
    }

    /**
     * An interaction in the agent's hands with its screen pop, as the hello message lists it.
     *
     * @param wrapUpEndsAtMillis when its wrap-up runs out, if it is in wrap-up; else null
     */
    record InHand(InteractionView view, ScreenPop screenPop, Long wrapUpEndsAtMillis) {
    }

    static String hello(AgentView agent, ScreenPop offer, List<InHand> inHand, List<ReasonCode> reasons,
                        List<DispositionCode> dispositions) {
        ObjectNode m = ApiJson.message("hello");
        m.set("agent", agentState(agent));
        if (offer != null) {
            m.set("offer", offerBody(offer));
        }
        ArrayNode work = m.putArray("interactions");
        for (InHand h : inHand) {
            ObjectNode i = work.addObject().put("interactionId", h.view().id())
                    .put("state", h.view().state().name()).put("channel", h.view().channel().name())
                    .put("queueId", h.view().queueId());
            if (h.wrapUpEndsAtMillis() != null) {
                i.put("wrapUpEndsAt", Instant.ofEpochMilli(h.wrapUpEndsAtMillis()).toString());
            }
            i.set("screenPop", ApiJson.tree(h.screenPop()));
        }
        m.set("reasonCodes", ApiJson.mapper().valueToTree(reasons));
        m.set("dispositions", ApiJson.mapper().valueToTree(dispositions));
        return m.toString();
    }

    /**
     * The offer as the agent's WebSocket gets it, written in one pass: building a tree of the screen pop first
     * (as {@link #offerBody} does for the rarer hello) was most of the CTI worker's time per call.
     */
    static String offer(ScreenPop pop) {
        return ApiJson.text(new OfferMessage("offer", pop.interactionId(), pop.expiresAt(), pop));
    }

    /** The fields of an offer message, in order; a null {@code expiresAt} is left out (the API mapper's rule). */
    record OfferMessage(String type, String interactionId, Instant expiresAt, ScreenPop screenPop) {
    }

    private static ObjectNode offerBody(ScreenPop pop) {
        ObjectNode o = ApiJson.mapper().createObjectNode().put("interactionId", pop.interactionId());
        if (pop.expiresAt() != null) {
            o.put("expiresAt", pop.expiresAt().toString());
        }
        o.set("screenPop", ApiJson.tree(pop));
        return o;
    }

    static String state(RoutingEvent.AgentStateChanged e) {
        ObjectNode m = ApiJson.message("state").put("state", e.to().name());
        if (e.reason() != null) {
            m.put("reason", e.reason());
        }
        return m.put("since", Instant.ofEpochMilli(e.atMillis()).toString()).toString();
    }

    /** The agent's phone became reachable or not: while not, calls are not offered (the console says why). */
    static String phone(RoutingEvent.AgentPhoneChanged e) {
        return ApiJson.message("phone").put("reachable", e.reachable()).toString();
    }

    static String offerEnded(RoutingEvent.OfferEnded e) {
        return ApiJson.message("offerEnded").put("interactionId", e.interactionId()).put("outcome", e.outcome().name())
                .put("reason", e.reason()).toString();
    }

    static String connected(RoutingEvent.InteractionConnected e) {
        return ApiJson.message("connected").put("interactionId", e.interactionId()).put("queueId", e.queueId())
                .toString();
    }

    static String ended(RoutingEvent.InteractionEnded e) {
        return ApiJson.message("ended").put("interactionId", e.interactionId()).put("reason", e.reason()).toString();
    }

    static String wrapUpStarted(RoutingEvent.WrapUpStarted e) {
        return ApiJson.message("wrapUpStarted").put("interactionId", e.interactionId())
                .put("endsAt", Instant.ofEpochMilli(e.endsAtMillis()).toString()).toString();
    }

    static String wrapUpEnded(RoutingEvent.WrapUpEnded e) {
        return ApiJson.message("wrapUpEnded").put("interactionId", e.interactionId()).toString();
    }

    static String transferred(RoutingEvent.InteractionTransferred e) {
        return ApiJson.message("transferred").put("interactionId", e.interactionId()).put("toQueueId", e.toQueueId())
                .toString();
    }

    public static String bulletin(Bulletin b) {
        ObjectNode m = ApiJson.message("bulletin");
        m.set("bulletin", ApiJson.tree(b));
        return m.toString();
    }

    /** The agent's state as the hello and the acks of state commands show it. */
    public static ObjectNode agentState(AgentView a) {
        ObjectNode o = ApiJson.mapper().createObjectNode().put("id", a.id()).put("name", a.name())
                .put("state", a.state().name()).put("phoneReachable", a.phoneReachable());
        if (a.reason() != null) {
            o.put("reason", a.reason());
        }
        // An agent who has not changed state since the server started has no known start of it (the
        // engine's 0): no "since" rather than 1970-01-01.
        return a.stateSinceMillis() > 0 ? o.put("since", Instant.ofEpochMilli(a.stateSinceMillis()).toString()) : o;
    }
}
