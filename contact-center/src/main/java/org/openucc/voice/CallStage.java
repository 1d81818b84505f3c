package org.openucc.voice;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a voice call is in the contact center, as its {@link VoiceCall} owns it. Inbound calls go
 * ARRIVING → IDENTIFYING → IN_IVR (an IVR flow, the built-in direct one for a number without its own;
 * waiting in its queue node included) → RINGING_AGENT → CONNECTED ↔ HELD → ENDED, and back to IN_IVR
 * when the agent transfers the call to a queue; callbacks (and outbound calls) go DIALING_AGENT →
 * DIALING_CUSTOMER → CONNECTED. Every stage can end.
 */
public enum CallStage {
    /** The call reached a service number; nothing decided yet. */
    ARRIVING,
    /** The caller's number is being looked up in the CRM (a direct number has answered already). */
    IDENTIFYING,
    /**
     * An IVR flow has the caller's ear: menus, or waiting in an ACD queue (a queue node: hold music,
     * position and wait announcements).
     */
    IN_IVR,
    /** Waiting in an ACD queue (a flow's queue node plays music and announcements meanwhile). */
    QUEUED,
    /** The ACD offered the call: one or more agents' phones ring, or an answer is being accepted. */
    RINGING_AGENT,
    /** Agent-first outbound (callback): the agent's phone rings. */
    DIALING_AGENT,
    /** The agent answered; the customer's number is being dialled. */
    DIALING_CUSTOMER,
    /** Customer and agent are bridged (and recorded). */
    CONNECTED,
    /** The agent put the customer on hold (hold music). */
    HELD,
    ENDED;

    private static final Map<CallStage, EnumSet<CallStage>> LEGAL = new EnumMap<>(CallStage.class);

    static {
        LEGAL.put(ARRIVING, EnumSet.of(IDENTIFYING, ENDED));
        LEGAL.put(IDENTIFYING, EnumSet.of(IN_IVR, ENDED));
        LEGAL.put(IN_IVR, EnumSet.of(QUEUED, RINGING_AGENT, ENDED));
        // Back to IN_IVR: the flow took the caller out of the queue (a key, its max wait) and goes on.
        LEGAL.put(QUEUED, EnumSet.of(IN_IVR, RINGING_AGENT, ENDED));
        // Back to QUEUED (or IN_IVR when the ACD no longer holds it): no phone rings any more.
        LEGAL.put(RINGING_AGENT, EnumSet.of(QUEUED, IN_IVR, CONNECTED, ENDED));
        LEGAL.put(DIALING_AGENT, EnumSet.of(DIALING_CUSTOMER, ENDED));
        LEGAL.put(DIALING_CUSTOMER, EnumSet.of(CONNECTED, ENDED));
        // IN_IVR: the agent transferred the call to a queue; the direct flow holds the caller there.
        LEGAL.put(CONNECTED, EnumSet.of(HELD, IN_IVR, ENDED));
        LEGAL.put(HELD, EnumSet.of(CONNECTED, IN_IVR, ENDED));
        LEGAL.put(ENDED, EnumSet.noneOf(CallStage.class));
    }

    public boolean canMoveTo(CallStage to) {
        return LEGAL.get(this).contains(to);
    }

    /** The stages this one may move to (for tests and the README's table). */
    public Set<CallStage> next() {
        return EnumSet.copyOf((EnumSet<CallStage>) LEGAL.get(this));
    }

    /** The customer is talking to an agent (maybe on hold). */
    public boolean talking() {
        return this == CONNECTED || this == HELD;
    }
}
