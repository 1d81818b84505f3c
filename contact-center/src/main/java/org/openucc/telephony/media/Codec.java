package org.openucc.telephony.media;

/** The audio codecs the built-in stack speaks: G.711 in both flavours, static payload types (RFC 3551 §6). */
public enum Codec {
    PCMU(0),
    PCMA(8);

    public static final int CLOCK_RATE = 8000;
    /** 20 ms of audio at 8 kHz: the packet size we send (RFC 3551 §4.5 default packetization). */
    public static final int SAMPLES_PER_PACKET = 160;

    private final int payloadType;

    Codec(int payloadType) {
        this.payloadType = payloadType;
    }

    public int payloadType() {
        return payloadType;
    }

    public String encodingName() {
        return name();
    }

    public byte encode(short sample) {
        return this == PCMU ? G711.linearToUlaw(sample) : G711.linearToAlaw(sample);
    }

    public short decode(byte b) {
        return this == PCMU ? G711.ulawToLinear(b) : G711.alawToLinear(b);
    }

    public static Codec byName(String name) {
        for (Codec c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }
}
