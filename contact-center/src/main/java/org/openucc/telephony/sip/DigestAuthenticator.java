package org.openucc.telephony.sip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP digest authentication for SIP (RFC 3261 §22.4, RFC 2617 §3.2) with MD5 and qop=auth.
 * Nonces are stateless: the issue time plus an HMAC of it under a per-process secret, so any
 * number of phones can be challenged without keeping state, and old nonces are answered "stale".
 */
final class DigestAuthenticator {
    static final long NONCE_LIFETIME_MILLIS = 5 * 60_000;

    /** What the phone sent in its Authorization header. */
    record Answer(String username, String realm, String nonce, String uri, String response, String qop, String nc,
                  String cnonce, String algorithm) {
    }

    sealed interface Outcome {
        record Accepted(SipCredentials.Credential credential) implements Outcome {
        }

        /** Right password, expired nonce: challenge again with stale=true (RFC 2617 §3.2.1). */
        record Stale() implements Outcome {
        }

        record Rejected(String reason) implements Outcome {
        }
    }

    private final String realm;
    private final SipCredentials credentials;
    private final byte[] secret = new byte[32];
    private final String unknownUserHa1;

    DigestAuthenticator(String realm, SipCredentials credentials) {
        this.realm = realm;
        this.credentials = credentials;
        SecureRandom random = new SecureRandom();
        random.nextBytes(secret);
        byte[] dummy = new byte[16];
        random.nextBytes(dummy);
        this.unknownUserHa1 = java.util.HexFormat.of().formatHex(dummy);
    }

    String realm() {
        return realm;
    }

    /** The WWW-Authenticate value for a 401, or Proxy-Authenticate for a 407 (RFC 3261 §22.1, §22.3). */
    String challenge(boolean stale) {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce(System.currentTimeMillis()) + "\", algorithm=MD5, qop=\"auth\""
                + (stale ? ", stale=true" : "");
    }

    Outcome verify(String method, Answer a) {
        if (a.username() == null || a.nonce() == null || a.response() == null || a.uri() == null) {
            return new Outcome.Rejected("incomplete credentials");
        }
        if (a.algorithm() != null && !a.algorithm().equalsIgnoreCase("MD5")) {
            return new Outcome.Rejected("unsupported algorithm " + a.algorithm());
        }
        if (a.realm() != null && !a.realm().equals(realm)) {
            return new Outcome.Rejected("wrong realm");
        }
        Optional<SipCredentials.Credential> cred = credentials.find(a.username());
        if (a.qop() != null && !a.qop().isEmpty()
                && (!a.qop().equalsIgnoreCase("auth") || a.nc() == null || a.cnonce() == null)) {
            return new Outcome.Rejected("unsupported qop");
        }
        // An unknown user costs the same digest work as a known one, so timing does not tell them apart.
        String expected = expectedResponse(cred.map(SipCredentials.Credential::ha1).orElse(unknownUserHa1), method, a);
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                a.response().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (cred.isEmpty()) {
            return new Outcome.Rejected("unknown user");
        }
        if (!match) {
            return new Outcome.Rejected("wrong password");
        }
        long issued = nonceIssued(a.nonce());
        if (issued < 0) {
            return new Outcome.Rejected("nonce not issued by us");
        }
        if (System.currentTimeMillis() - issued > NONCE_LIFETIME_MILLIS) {
            return new Outcome.Stale();
        }
        return new Outcome.Accepted(cred.get());
    }

    private static String expectedResponse(String ha1, String method, Answer a) {
        String ha2 = SipCredentials.md5Hex(method + ":" + a.uri());
        if (a.qop() != null && !a.qop().isEmpty()) {
            return SipCredentials.md5Hex(ha1 + ":" + a.nonce() + ":" + a.nc() + ":" + a.cnonce() + ":auth:" + ha2);
        }
        return SipCredentials.md5Hex(ha1 + ":" + a.nonce() + ":" + ha2);
    }

    private String nonce(long issuedMillis) {
        ByteBuffer b = ByteBuffer.allocate(8 + 16);
        b.putLong(issuedMillis).put(mac(issuedMillis), 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The issue time of a nonce we made, or -1 if it is not ours. */
    private long nonceIssued(String nonce) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(nonce);
            if (raw.length != 24) {
                return -1;
            }
            ByteBuffer b = ByteBuffer.wrap(raw);
            long issued = b.getLong();
            byte[] tag = new byte[16];
            b.get(tag);
            byte[] expected = java.util.Arrays.copyOf(mac(issued), 16);
            return MessageDigest.isEqual(tag, expected) ? issued : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private byte[] mac(long issued) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(ByteBuffer.allocate(8).putLong(issued).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
