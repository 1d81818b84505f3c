package org.openucc.interaction;

/** The kind of contact an interaction arrives on; each channel has its own capacity per agent. */
public enum Channel {
    VOICE,
    CHAT,
    EMAIL,
    CALLBACK,
    OUTBOUND_VOICE;

    /** Channels that occupy the agent's voice path (a headset can carry one conversation). */
    public boolean isVoice() {
        return this == VOICE || this == CALLBACK || this == OUTBOUND_VOICE;
    }
}
