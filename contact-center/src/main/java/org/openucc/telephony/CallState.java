package org.openucc.telephony;

/** The life of one call leg. */
public enum CallState {
    /** Inbound: not answered yet. Outbound: dialing / ringing. */
    RINGING,
    ANSWERED,
    HELD,
    ENDED
}
