package org.openucc.telephony.media;

/**
 * What was agreed for one leg: the audio codec and its payload type, the telephone-event payload
 * type (RFC 4733; -1 if the peer did not offer it).
 */
public record MediaFormat(Codec codec, int payloadType, int dtmfPayloadType) {
    public static final int DEFAULT_DTMF_PT = 101;

    public static MediaFormat defaults() {
        return new MediaFormat(Codec.PCMU, 0, DEFAULT_DTMF_PT);
    }
}
