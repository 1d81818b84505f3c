package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionDescriptionTest {
    static final String LINPHONE_LIKE = "v=0\r\no=alice 123 456 IN IP4 192.0.2.10\r\ns=Talk\r\nc=IN IP4 192.0.2.10\r\n"
            + "t=0 0\r\nm=audio 7078 RTP/AVP 96 8 0 101\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\na=sendrecv\r\nm=video 9078 RTP/AVP 97\r\na=rtpmap:97 VP8/90000\r\n";

    @Test
    void parsesTheFirstAudioStreamAndChoosesTheOfferersFirstG711() {
        SessionDescription d = SessionDescription.parse(LINPHONE_LIKE);
        assertThat(d.address()).isEqualTo("192.0.2.10");
        assertThat(d.port()).isEqualTo(7078);
        assertThat(d.direction()).isEqualTo(MediaDirection.SENDRECV);
        MediaFormat f = SdpNegotiator.choose(d);
        assertThat(f.codec()).isEqualTo(Codec.PCMA); // opus is skipped, PCMA comes before PCMU
        assertThat(f.dtmfPayloadType()).isEqualTo(101);
    }

    @Test
    void ourAnswerMirrorsTheDirectionAndRoundTrips() {
        SessionDescription offer = SessionDescription.parse(LINPHONE_LIKE.replace("a=sendrecv", "a=sendonly"));
        assertThat(offer.isHold()).isTrue();
        SessionDescription answer = SdpNegotiator.answer(offer, SdpNegotiator.choose(offer), "127.0.0.1", 20000, 1, 2,
                offer.direction().answer());
        SessionDescription back = SessionDescription.parse(answer.format());
        assertThat(back.direction()).isEqualTo(MediaDirection.RECVONLY);
        assertThat(back.formats()).extracting(SessionDescription.PayloadFormat::payloadType).containsExactly(8, 101);
        assertThat(back.port()).isEqualTo(20000);
    }

    @Test
    void oldStyleHoldWithZeroAddressIsHold() {
        assertThat(SessionDescription.parse(LINPHONE_LIKE.replace("c=IN IP4 192.0.2.10", "c=IN IP4 0.0.0.0")).isHold())
                .isTrue();
    }

    @Test
    void unusableOffersAreRefusedWithAReason() {
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=video 1 RTP/AVP 97\r\n"))
                .hasMessage("SDP has no audio stream");
        assertThatThrownBy(() -> SdpNegotiator.choose(SessionDescription.parse(
                "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 5 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n")))
                .hasMessageContaining("no common codec");
        assertThatThrownBy(() -> SessionDescription.parse("")).hasMessage("empty SDP");
    }
}
