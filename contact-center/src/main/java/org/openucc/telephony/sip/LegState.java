package org.openucc.telephony.sip;

import org.openucc.telephony.CallState;

/** The life of one SIP call leg on the B2BUA; legal moves are in {@link LegStateMachine}. */
enum LegState {
    /** Inbound INVITE received, not answered (RFC 3261 §13.3.1). */
    INCOMING(CallState.RINGING),
    /** Outbound INVITE sent, no provisional response yet (§13.2.1). */
    CALLING(CallState.RINGING),
    /** 180/183 sent or received: ringing, maybe with early media (§13.3.1.1, RFC 3960). */
    EARLY(CallState.RINGING),
    /** Outbound: CANCEL wanted or sent, waiting for the INVITE's final response (§9.1). */
    CANCELLING(CallState.RINGING),
    /** Inbound: 200 OK sent, waiting for the ACK (§13.3.1.4). */
    ANSWERING(CallState.RINGING),
    CONNECTED(CallState.ANSWERED),
    /** On hold (either side sent sendonly/inactive, RFC 3264 §8.4). */
    HELD(CallState.HELD),
    /** BYE sent, waiting for its response (§15.1.1). */
    TERMINATING(CallState.ANSWERED),
    ENDED(CallState.ENDED);

    final CallState callState;

    LegState(CallState callState) {
        this.callState = callState;
    }
}
