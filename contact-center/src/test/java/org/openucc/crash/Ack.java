package org.openucc.crash;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An acknowledgement a client received before the crash: the server said yes to a command, so
 * the command's effect must be in the interaction log after any restart.
 *
 * @param kind          what was acknowledged
 * @param agentId       the agent who sent it (null for customers' acknowledgements)
 * @param interactionId the interaction it concerns (null for agent state)
 * @param answer        the acknowledgement as received (its result: a state with its since, a message id, ...)
 * @param sentAt        when the client sent the command (client clock, the server's machine)
 * @param ackedAt       when the acknowledgement arrived
 */
record Ack(int round, Kind kind, String agentId, String interactionId, JsonObject answer, Instant sentAt,
           Instant ackedAt) {

    enum Kind {
        /** agent console {@code accept}: the interaction is the agent's (CONNECTED or OFFER_ACCEPTED by them). */
        ACCEPT,
        /** agent console {@code decline}: OFFER_DECLINED by the agent. */
        DECLINE,
        /** agent console {@code end} / {@code hangup}: the conversation ended (ENDED). */
        END,
        /** agent console {@code hold} (voice): HELD. */
        HOLD,
        /** agent console {@code wrapUp}: DISPOSITION with the code. */
        WRAP_UP,
        /** agent console {@code ready} / {@code notReady}: the state the ack reports, from its since. */
        STATE,
        /** agent console {@code chatSend}: the line (message id) is in the transcript. */
        CHAT_LINE,
        /** chat visitor's "sent" receipt: the visitor's line (message id) is in the transcript. */
        VISITOR_LINE,
        /** chat visitor's "started": the chat is an interaction. */
        CHAT_STARTED,
        /** {@code POST /api/callbacks} 202 with an interaction id: the callback is that interaction. */
        CALLBACK,
        /** the mailbox's automatic acknowledgement of a customer's mail, with its ticket: the interaction exists. */
        EMAIL_TAKEN
    }

    String describe() {
        return "round " + round + " " + kind + (agentId == null ? "" : " by " + agentId)
                + (interactionId == null ? "" : " of " + interactionId) + " acknowledged at " + ackedAt
                + " (sent " + sentAt + ")" + (answer == null ? "" : ": " + answer.encode());
    }
}
