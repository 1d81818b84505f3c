package org.openucc.voice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.OutboundCall;

/** One caller in the voice queue flow: their call, the agent phones ringing for them, the agent who answered. */
final class QueuedCall {
    enum Stage {
        /** Waiting in the queue: greeting, hold music, announcements; agent phones may ring. */
        WAITING,
        /** An agent answered and accepted; caller and agent are bridged. */
        CONNECTED,
        ENDED
    }

    final String interactionId;
    final CallControl caller;
    final String queueId;
    final long arrivedNanos;
    Stage stage = Stage.WAITING;
    final Map<String, OutboundCall> ringing = new LinkedHashMap<>();
    String agentId;
    CallControl agentLeg;
    ScheduledFuture<?> announcer;
    boolean musicOn;

    QueuedCall(String interactionId, CallControl caller, String queueId, long arrivedNanos) {
        this.interactionId = interactionId;
        this.caller = caller;
        this.queueId = queueId;
        this.arrivedNanos = arrivedNanos;
    }

    @Override
    public String toString() {
        return "interaction " + interactionId + " (call " + caller.callId() + ", " + stage + ")";
    }
}
