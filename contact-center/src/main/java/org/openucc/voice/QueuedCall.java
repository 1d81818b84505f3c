package org.openucc.voice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.openucc.config.ServiceNumber;
import org.openucc.interaction.Tier;
import org.openucc.ivr.runtime.QueueTicket;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.OutboundCall;

/** One caller in the voice flow: their call, the agent phones ringing for them, the agent who answered. */
final class QueuedCall {
    enum Stage {
        /** In the IVR or waiting in the queue (greeting, hold music, announcements); agent phones may ring. */
        WAITING,
        /** An agent answered and accepted; caller and agent are bridged (possibly on hold). */
        CONNECTED,
        ENDED
    }

    /** Who has the caller's ear while they wait: the service number's greeting and music, or an IVR flow. */
    enum Front { DIRECT, IVR }

    final String interactionId;
    final CallControl caller;
    final ServiceNumber service;
    final long arrivedNanos;
    Stage stage = Stage.WAITING;
    Front front = Front.DIRECT;
    /** Caller number, dialed number, call id, phone: what every interaction of this call carries. */
    Map<String, String> context = Map.of();
    String customerId;
    Tier tier;
    /** The direct front's place in the ACD (the IVR keeps its own ticket). */
    QueueTicket ticket;
    /** The direct front asked the ACD to place the call and has no answer yet. */
    boolean placing;
    /** Why the caller left while the call was being placed; the entry is withdrawn once placed. */
    String leftBeforePlaced;
    final Map<String, OutboundCall> ringing = new LinkedHashMap<>();
    String agentId;
    CallControl agentLeg;
    boolean held;
    int bridges;
    ScheduledFuture<?> announcer;
    boolean musicOn;

    QueuedCall(String interactionId, CallControl caller, ServiceNumber service, long arrivedNanos) {
        this.interactionId = interactionId;
        this.caller = caller;
        this.service = service;
        this.arrivedNanos = arrivedNanos;
    }

    @Override
    public String toString() {
        return "interaction " + interactionId + " (call " + caller.callId() + ", " + stage + ")";
    }
}
