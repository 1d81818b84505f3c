package org.openucc.telephony;

/** How a playback ended. */
public enum PlaybackResult {
    COMPLETED,
    /** A DTMF digit interrupted it (barge-in). */
    INTERRUPTED,
    STOPPED
}
