package org.openucc.telephony.media;

/** SDP stream direction attribute (RFC 3264 §6.1, §8.4 for hold). */
public enum MediaDirection {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** What the answerer puts in its answer to an offer with this direction. */
    public MediaDirection answer() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    public String attribute() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
