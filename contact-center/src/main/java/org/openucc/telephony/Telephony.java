package org.openucc.telephony;

/**
 * A source of calls (the built-in SIP stack, or Asterisk): hands inbound calls to the handler and
 * places outbound legs. One implementation per technology; the rest of the server sees only this.
 */
public interface Telephony {
    /** Who receives inbound calls (set once, before start). */
    void onInboundCall(InboundCallHandler handler);

    OutboundCall dial(DialRequest request);

    /**
     * Places a leg that will be bridged with {@code relatedCall} (e.g. the agent leg for a waiting
     * caller), so an implementation can keep both legs' media together (the built-in stack puts them
     * on one media thread). Same as {@link #dial(DialRequest)} unless overridden.
     */
    default OutboundCall dial(DialRequest request, CallControl relatedCall) {
        return dial(request);
    }

    /**
     * Whether {@link #dial} can place a call to this phone number (E.164, or national in the store's phone
     * region): a configured trunk serves it. Says nothing about the trunk being up right now; a dial that
     * fails ends FAILED with the reason. False for {@code agent:} endpoints and SIP URIs, and where there are
     * no trunks (the default).
     */
    default boolean reaches(String number) {
        return false;
    }

    /**
     * Whether this telephony knows which agents' phones are registered (and reports changes through
     * {@link #onAgentReachability}); if not, {@link #isReachable} is no reason to hold calls back.
     */
    default boolean knowsRegistrations() {
        return false;
    }

    /** Whether an agent's phone can be reached now (e.g. a live SIP registration). */
    boolean isReachable(String agentId);

    /**
     * Whether a supervisor's leg can join a bridged call here ({@link CallControl#monitor}: listen, whisper,
     * barge). False by default.
     */
    default boolean monitorsCalls() {
        return false;
    }

    /**
     * Whether the SIP phone account {@code username} (e.g. a supervisor's own phone, {@code users[].phone})
     * is registered here, so that {@link #dial} with {@code phone:<username>} can ring it. False by default.
     */
    default boolean phoneRegistered(String username) {
        return false;
    }

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
