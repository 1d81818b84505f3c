package org.openucc.telephony.asterisk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.asteriskjava.manager.action.HangupAction;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's device being rung with AMI Originate (async, with a Uniqueid chosen here so the ringing
 * channel can be hung up by it). Asterisk's OriginateResponse says how it went: answered (the channel
 * then waits in {@code asterisk.contexts.agent}), or a reason: 3 no answer, 5 busy, 1 declined (hung
 * up), 8 congestion or 0 failure (device unreachable or unknown).
 */
final class AgentDial implements OutboundCall {
    private static final Logger log = LoggerFactory.getLogger(AgentDial.class);

    final String legId;
    /** The agent rung, or {@code phone:<username>} for a user's own phone (a supervisor's, for monitoring). */
    final String agentId;
    final AmiLink ami;
    /** The owner the agent's leg shares with the caller's, so the two legs' AMI events keep their order. */
    final java.util.concurrent.Executor owner;
    private final CompletableFuture<CallControl> answered = new CompletableFuture<>();

    AgentDial(String legId, String agentId, AmiLink ami, java.util.concurrent.Executor owner) {
        this.legId = legId;
        this.agentId = agentId;
        this.ami = ami;
        this.owner = owner;
    }

    @Override
    public String callId() {
        return legId;
    }

    @Override
    public CompletionStage<CallControl> answered() {
        return answered;
    }

    @Override
    public void cancel() {
        if (answered.isDone()) {
            return;
        }
        answered.completeExceptionally(new CallEndedException(legId, EndCause.CANCELLED));
        ami.send(new HangupAction(legId, 16)).whenComplete((r, err) -> {
            if (err != null) {
                log.debug("agent leg {}: cancel: {}", legId, err.getMessage());
            }
        });
    }

    /** The device answered: the leg is handed over (or hung up at once if the dial was cancelled meanwhile). */
    void answeredBy(AgentLeg leg) {
        if (!answered.complete(leg)) {
            leg.hangup("no longer needed");
        }
    }

    void failed(EndCause cause) {
        answered.completeExceptionally(new CallEndedException(legId, cause));
    }

    /** OriginateResponse reasons (Asterisk's AST_CONTROL_* of the outgoing call). */
    static EndCause cause(Integer reason) {
        if (reason == null) {
            return EndCause.FAILED;
        }
        return switch (reason) {
            case 3 -> EndCause.NO_ANSWER;
            case 5 -> EndCause.BUSY;
            case 1 -> EndCause.REJECTED;
            default -> EndCause.FAILED;
        };
    }
}
