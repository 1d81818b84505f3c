package org.openucc.telephony.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of an SDP body (RFC 4566) that an audio call needs: connection address, the first audio
 * stream's port, its payload formats in preference order, and its direction. Parsing is lenient
 * about what we do not use and strict about what we do; errors are {@link IllegalArgumentException}s
 * whose message can go into a SIP reason phrase.
 */
public record SessionDescription(String origin, long sessionId, long version, String address, int port,
                                 List<PayloadFormat> formats, MediaDirection direction) {

    /** A payload type offered or accepted, with its encoding (from rtpmap or the static table). */
    public record PayloadFormat(int payloadType, String encoding, int clockRate) {
        public boolean isTelephoneEvent() {
            return encoding.equalsIgnoreCase("telephone-event");
        }
    }

    public SessionDescription {
        formats = List.copyOf(formats);
    }

    /** Whether the remote put us on hold (RFC 3264 §8.4; c=0.0.0.0 is the RFC 2543 way). */
    public boolean isHold() {
        return direction == MediaDirection.SENDONLY || direction == MediaDirection.INACTIVE || "0.0.0.0".equals(address);
    }

    public static SessionDescription parse(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw new IllegalArgumentException("empty SDP");
        }
        String origin = "-";
        long sessionId = 0;
        long version = 0;
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        List<Integer> pts = new ArrayList<>();
        List<PayloadFormat> mapped = new ArrayList<>();
        MediaDirection sessionDir = MediaDirection.SENDRECV;
        MediaDirection mediaDir = null;
        boolean inAudio = false;
        boolean seenAudio = false;
        for (int from = 0, eol; from < sdp.length(); from = eol + 1) {
            eol = sdp.indexOf('\n', from);
            if (eol < 0) {
                eol = sdp.length();
            }
            String line = sdp.substring(from, eol).strip(); // no regex: this runs for every INVITE and answer
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            switch (type) {
                case 'o' -> {
                    String[] o = value.split(" ");
                    if (o.length >= 3) {
                        origin = o[0];
                        sessionId = parseLong(o[1]);
                        version = parseLong(o[2]);
                    }
                }
                case 'c' -> {
                    String[] c = value.split(" ");
                    if (c.length < 3 || !c[0].equals("IN")) {
                        throw new IllegalArgumentException("bad SDP connection line '" + value + "'");
                    }
                    String addr = c[2].contains("/") ? c[2].substring(0, c[2].indexOf('/')) : c[2];
                    if (inAudio) {
                        mediaAddress = addr;
                    } else if (!seenAudio) {
                        sessionAddress = addr;
                    }
                }
                case 'm' -> {
                    inAudio = false;
                    String[] m = value.split(" ");
                    if (m.length >= 4 && m[0].equals("audio") && !seenAudio) {
                        if (!m[2].toUpperCase(Locale.ROOT).startsWith("RTP/AVP")) {
                            throw new IllegalArgumentException("unsupported SDP audio transport " + m[2]);
                        }
                        port = Integer.parseInt(m[1].contains("/") ? m[1].substring(0, m[1].indexOf('/')) : m[1]);
                        for (int i = 3; i < m.length; i++) {
                            pts.add(Integer.parseInt(m[i]));
                        }
                        inAudio = true;
                        seenAudio = true;
                    }
                }
                case 'a' -> {
                    MediaDirection d = direction(value);
                    if (d != null) {
                        if (inAudio) {
                            mediaDir = d;
                        } else if (!seenAudio) {
                            sessionDir = d;
                        }
                    } else if (inAudio && value.startsWith("rtpmap:")) {
                        String[] r = value.substring(7).replace('/', ' ').split(" ");
                        if (r.length >= 3) {
                            mapped.add(new PayloadFormat(Integer.parseInt(r[0]), r[1], Integer.parseInt(r[2])));
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (!seenAudio) {
            throw new IllegalArgumentException("SDP has no audio stream");
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (address == null) {
            throw new IllegalArgumentException("SDP has no connection address");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("bad SDP audio port " + port);
        }
        List<PayloadFormat> formats = new ArrayList<>();
        for (int pt : pts) {
            PayloadFormat f = mapped.stream().filter(x -> x.payloadType() == pt).findFirst().orElse(staticFormat(pt));
            if (f != null) {
                formats.add(f);
            }
        }
        return new SessionDescription(origin, sessionId, version, address, port, formats,
                mediaDir != null ? mediaDir : sessionDir);
    }

    /** Writes this description as SDP text. */
    public String format() {
        StringBuilder sb = new StringBuilder(256);
        String ipVersion = address.contains(":") ? "IP6" : "IP4";
        sb.append("v=0\r\n");
        sb.append("o=").append(origin).append(' ').append(sessionId).append(' ').append(version).append(" IN ")
                .append(ipVersion).append(' ').append(address).append("\r\n");
        sb.append("s=OpenUCC\r\n");
        sb.append("c=IN ").append(ipVersion).append(' ').append(address).append("\r\n");
        sb.append("t=0 0\r\n");
        sb.append("m=audio ").append(port).append(" RTP/AVP");
        formats.forEach(f -> sb.append(' ').append(f.payloadType()));
        sb.append("\r\n");
        for (PayloadFormat f : formats) {
            sb.append("a=rtpmap:").append(f.payloadType()).append(' ').append(f.encoding()).append('/')
                    .append(f.clockRate()).append("\r\n");
            if (f.isTelephoneEvent()) {
                sb.append("a=fmtp:").append(f.payloadType()).append(" 0-16\r\n");
            }
        }
        sb.append("a=ptime:20\r\n");
        sb.append("a=").append(direction.attribute()).append("\r\n");
        return sb.toString();
    }

    private static PayloadFormat staticFormat(int pt) {
        // RFC 3551 §6 static payload types we understand.
        return switch (pt) {
            case 0 -> new PayloadFormat(0, "PCMU", 8000);
            case 8 -> new PayloadFormat(8, "PCMA", 8000);
            default -> null;
        };
    }

    private static MediaDirection direction(String attr) {
        return switch (attr.strip()) {
            case "sendrecv" -> MediaDirection.SENDRECV;
            case "sendonly" -> MediaDirection.SENDONLY;
            case "recvonly" -> MediaDirection.RECVONLY;
            case "inactive" -> MediaDirection.INACTIVE;
            default -> null;
        };
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
