package org.openucc.telephony.media;

import java.util.ArrayList;
import java.util.List;
import org.openucc.telephony.media.SessionDescription.PayloadFormat;

/** SDP offer/answer for G.711 + telephone-event (RFC 3264 §5, §6). */
public final class SdpNegotiator {
    private SdpNegotiator() {
    }

    /** Picks the first offered codec we support (the offerer's preference wins, RFC 3264 §6.1). */
    public static MediaFormat choose(SessionDescription remote) {
        Codec codec = null;
        int pt = -1;
        int dtmf = -1;
        for (PayloadFormat f : remote.formats()) {
            Codec c = Codec.byName(f.encoding());
            if (codec == null && c != null && f.clockRate() == Codec.CLOCK_RATE) {
                codec = c;
                pt = f.payloadType();
            } else if (dtmf < 0 && f.isTelephoneEvent() && f.clockRate() == Codec.CLOCK_RATE) {
                dtmf = f.payloadType();
            }
        }
        if (codec == null) {
            throw new IllegalArgumentException("no common codec: we support PCMU and PCMA at 8000 Hz");
        }
        return new MediaFormat(codec, pt, dtmf);
    }

    /** Our offer: both G.711 variants (preferred first) and telephone-event. */
    public static SessionDescription offer(String address, int port, long sessionId, long version, Codec preferred,
                                           MediaDirection direction) {
        List<PayloadFormat> formats = new ArrayList<>();
        formats.add(new PayloadFormat(preferred.payloadType(), preferred.name(), Codec.CLOCK_RATE));
        Codec other = preferred == Codec.PCMU ? Codec.PCMA : Codec.PCMU;
        formats.add(new PayloadFormat(other.payloadType(), other.name(), Codec.CLOCK_RATE));
        formats.add(new PayloadFormat(MediaFormat.DEFAULT_DTMF_PT, "telephone-event", Codec.CLOCK_RATE));
        return new SessionDescription("OpenUCC", sessionId, version, address, port, formats, direction);
    }

    /** Our answer to an offer, with the chosen format only (RFC 3264 §6.1). */
    public static SessionDescription answer(SessionDescription offer, MediaFormat chosen, String address, int port,
                                            long sessionId, long version, MediaDirection ours) {
        List<PayloadFormat> formats = new ArrayList<>();
        formats.add(new PayloadFormat(chosen.payloadType(), chosen.codec().name(), Codec.CLOCK_RATE));
        if (chosen.dtmfPayloadType() >= 0) {
            formats.add(new PayloadFormat(chosen.dtmfPayloadType(), "telephone-event", Codec.CLOCK_RATE));
        }
        return new SessionDescription("OpenUCC", sessionId, version, address, port, formats, ours);
    }
}
