package org.openucc.cti;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.openucc.board.Bulletin;
import org.openucc.config.DispositionCode;
import org.openucc.config.ReasonCode;
import org.openucc.http.ApiJson;
import org.openucc.http.ApiProblem;
import org.openucc.routing.AgentView;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingEvent;

/** The JSON messages the server sends on the agent stream (see README, "WebSocket CTI"). */
final class AgentMessages {
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

    static String offer(ScreenPop pop) {
        ObjectNode m = ApiJson.message("offer");
        m.setAll(offerBody(pop));
        return m.toString();
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

    static String bulletin(Bulletin b) {
        ObjectNode m = ApiJson.message("bulletin");
        m.set("bulletin", ApiJson.tree(b));
        return m.toString();
    }

    static ObjectNode agentState(AgentView a) {
        ObjectNode o = ApiJson.mapper().createObjectNode().put("id", a.id()).put("name", a.name())
                .put("state", a.state().name()).put("phoneReachable", a.phoneReachable());
        if (a.reason() != null) {
            o.put("reason", a.reason());
        }
        return o.put("since", Instant.ofEpochMilli(a.stateSinceMillis()).toString());
    }

    /** The answer to a command that worked; {@code result} (may be null) is added as "result". */
    static String ack(String id, String command, Object result) {
        ObjectNode m = ApiJson.message("ack").put("command", command);
        if (id != null) {
            m.put("id", id);
        }
        if (result != null) {
            m.set("result", ApiJson.mapper().valueToTree(result));
        }
        return m.toString();
    }

    /** The answer to a command that did not work, with the same fields as an HTTP error body. */
    static String error(String id, ApiProblem problem, String message) {
        ObjectNode m = ApiJson.message("error");
        if (id != null) {
            m.put("id", id);
        }
        m.put("status", problem.status()).put("error", problem.error());
        if (message != null) {
            m.put("message", message);
        }
        if (!problem.fields().isEmpty()) {
            ArrayNode fields = m.putArray("fields");
            problem.fields().forEach(f -> fields.addObject().put("field", f.field()).put("message", f.message()));
        }
        return m.toString();
    }

    static String pong(String id) {
        ObjectNode m = ApiJson.message("pong");
        return (id == null ? m : m.put("id", id)).toString();
    }

    static String sessionEnded(String reason) {
        return ApiJson.message("sessionEnded").put("reason", reason).toString();
    }
}
