package org.openucc.telephony;

/**
 * A source of calls (the built-in SIP stack, or Asterisk): hands inbound calls to the handler and
 * places outbound legs. One implementation per technology; the rest of the server sees only this.
 */
public interface Telephony {
    /** Who receives inbound calls (set once, before start). */
    void onInboundCall(InboundCallHandler handler);

    OutboundCall dial(DialRequest request);

    /** Whether an agent's phone can be reached now (e.g. a live SIP registration). */
    boolean isReachable(String agentId);

    /** Called when an agent's phone becomes reachable or unreachable (registration, expiry). */
    void onAgentReachability(AgentReachabilityListener listener);

    @FunctionalInterface
    interface InboundCallHandler {
        /** A new inbound call for a service number; not answered yet. */
        void onCall(CallControl call);
    }

    @FunctionalInterface
    interface AgentReachabilityListener {
        void changed(String agentId, boolean reachable);
    }
}
