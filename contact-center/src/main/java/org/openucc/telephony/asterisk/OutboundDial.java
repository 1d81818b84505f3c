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
 * A call to an outside number through Asterisk's trunk: an async AMI Originate of
 * {@code asterisk.outbound.channel} with a Uniqueid chosen here. It is answered when the answered
 * channel arrives over FastAGI ({@code [openucc-outbound]}): it is then a {@link CallerLeg}, which the
 * voice flow treats like an inbound caller. Until then, OriginateResponse says why it was not
 * answered (busy, no answer, congestion, a refusal) and a Hangup of the channel ends it.
 */
final class OutboundDial implements OutboundCall {
    private static final Logger log = LoggerFactory.getLogger(OutboundDial.class);

    final String legId;
    final String number;
    final AmiLink ami;
    private final CompletableFuture<CallControl> answered = new CompletableFuture<>();
    /** OriginateResponse said Success: the channel answered and is on its way into FastAGI. */
    private boolean originated;
    /** The channel's Hangup cause text, when it was seen before the dial was settled. */
    private String hangupCause;
    /** Its Q.850 cause code, or null. */
    private Integer hangupCode;

    OutboundDial(String legId, String number, AmiLink ami) {
        this.legId = legId;
        this.number = number;
        this.ami = ami;
    }

    @Override
    public String callId() {
        return legId;
    }

    @Override
    public CompletionStage<CallControl> answered() {
        return answered;
    }

    boolean settled() {
        return answered.isDone();
    }

    @Override
    public void cancel() {
        if (!answered.completeExceptionally(new CallEndedException(legId, EndCause.CANCELLED, "cancelled while ringing"))) {
            return;
        }
        ami.send(new HangupAction(legId, 16)).whenComplete((r, err) -> {
            if (err != null) {
                log.debug("outbound call {}: cancel: {}", legId, err.getMessage());
            }
        });
    }

    /** The answered channel is in FastAGI as {@code leg}; false if the dial was cancelled meanwhile. */
    boolean answeredBy(CallerLeg leg) {
        return answered.complete(leg);
    }

    void failed(EndCause cause, String detail) {
        answered.completeExceptionally(new CallEndedException(legId, cause, detail));
    }

    synchronized boolean knowsHangupCause() {
        return hangupCode != null;
    }

    /** OriginateResponse: failure reasons end the dial; success waits for the FastAGI session. */
    synchronized void originateResponse(boolean success, Integer reason) {
        if (success) {
            originated = true;
            if (hangupCause != null) {
                failed(EndCause.REMOTE_HANGUP, number + " hung up at once after answering (" + hangupCause + ")");
            }
            return;
        }
        failed(cause(reason, hangupCode), describe(reason));
    }

    /**
     * The channel hung up before it reached FastAGI: after an answer that is the called party leaving;
     * before one, OriginateResponse (which follows) says why.
     */
    synchronized void hungUp(Integer code, String causeText) {
        hangupCode = code;
        hangupCause = "hang-up cause " + code + " " + causeText;
        if (originated) {
            failed(EndCause.REMOTE_HANGUP, number + " hung up before OpenUCC took the call (" + causeText + ")");
        }
    }

    /**
     * OriginateResponse reasons (Asterisk's AST_CONTROL_* last seen on the outgoing channel); reason 0
     * (the channel failed) is told apart by the channel's Q.850 hang-up cause when its Hangup came first
     * (chan_sip: 486 gives 17, 403 gives 21, 480 gives 19).
     */
    static EndCause cause(Integer reason, Integer hangupCode) {
        if (reason == null) {
            return EndCause.FAILED;
        }
        return switch (reason) {
            case 3 -> EndCause.NO_ANSWER;
            case 5 -> EndCause.BUSY;
            case 1 -> EndCause.REJECTED;
            case 0 -> hangupCode == null ? EndCause.FAILED : switch (hangupCode) {
                case 17 -> EndCause.BUSY;
                case 18, 19 -> EndCause.NO_ANSWER;
                case 21 -> EndCause.REJECTED;
                default -> EndCause.FAILED;
            };
            default -> EndCause.FAILED;
        };
    }

    private String describe(Integer reason) {
        String what = reason == null ? "failed" : switch (reason) {
            case 3 -> "rang and was not answered in time";
            case 5 -> "is busy";
            case 1 -> "refused the call";
            case 8 -> "could not be reached: the network is congested";
            case 0 -> switch (cause(reason, hangupCode)) {
                case BUSY -> "is busy";
                case NO_ANSWER -> "did not answer";
                case REJECTED -> "refused the call";
                default -> hangupCode != null && (hangupCode == 1 || hangupCode == 28)
                        ? "could not be reached: the number does not exist or is incomplete"
                        : "could not be reached: the trunk or the number is invalid or unavailable";
            };
            default -> "could not be reached";
        };
        return number + " " + what + " (Asterisk " + ami.name() + ", Originate reason " + reason
                + (hangupCause == null ? "" : ", " + hangupCause) + ")";
    }
}
