package org.openucc.telephony.media;

/**
 * Turns RFC 4733 telephone-event packets into digits, once per key press. An event is the run of
 * packets sharing one RTP timestamp (RFC 4733 §2.5.1.2); its end packet is sent three times
 * (§2.5.1.4), so a digit is reported on the first end packet and the repeats are ignored. If every
 * end packet is lost, the digit is still reported when the next event starts.
 */
public final class DtmfDetector {
    private static final char[] EVENTS = "0123456789*#ABCD".toCharArray();

    private long currentTs = -1;
    private int currentEvent = -1;
    private boolean currentReported;

    /**
     * @return the digit to report for this packet (at most two per packet are impossible: a pending
     *         unreported event is returned first and the new one is then reported by its end packet),
     *         or {@code 0} for none
     */
    public char onPacket(long timestamp, byte[] payload, int offset, int length) {
        if (length < 4) {
            return 0;
        }
        int event = payload[offset] & 0xff;
        boolean end = (payload[offset + 1] & 0x80) != 0;
        if (timestamp != currentTs) {
            char pending = currentTs >= 0 && !currentReported ? digit(currentEvent) : 0;
            currentTs = timestamp;
            currentEvent = event;
            currentReported = false;
            if (pending != 0) {
                // The previous event's end was lost; report it now. A new event that already ends
                // here will have its retransmitted end packets to report it.
                return pending;
            }
        }
        if (end && !currentReported) {
            currentReported = true;
            return digit(event);
        }
        return 0;
    }

    static char digit(int event) {
        return event >= 0 && event < EVENTS.length ? EVENTS[event] : 0;
    }

    /** The RFC 4733 event code of a DTMF key, or -1. */
    public static int eventCode(char digit) {
        char d = Character.toUpperCase(digit);
        for (int i = 0; i < EVENTS.length; i++) {
            if (EVENTS[i] == d) {
                return i;
            }
        }
        return -1;
    }
}
