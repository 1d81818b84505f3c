package org.openucc.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openucc.auth.NotAuthenticatedException;
import org.openucc.json.ApiJson;

/**
 * A visitor identity the host web site vouches for: {@code base64url(payload) "." base64url(HMAC-SHA256(secret,
 * base64url(payload)))}, the payload a JSON object with {@code email} and/or {@code phone}, optional
 * {@code name}, and {@code exp} (seconds since the epoch). The site signs it for its logged-in user;
 * the chat then matches that user in the CRM without trusting what was typed into the form.
 */
final class IdentityToken {
    /** Who the site says the visitor is. */
    record Identity(String name, String email, String phone) {
    }

    private final byte[] secret;
    private final InstantSource clock;

    IdentityToken(String secret, InstantSource clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    Identity verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw invalid("it is not payload.signature");
        }
        String payload = token.substring(0, dot);
        byte[] signature;
        byte[] json;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            json = Base64.getUrlDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw invalid("it is not base64url");
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            throw invalid("the signature does not match");
        }
        JsonNode p;
        try {
            p = ApiJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw invalid("the payload is not JSON");
        }
        if (p == null || !p.isObject() || !p.path("exp").canConvertToLong()) {
            throw invalid("the payload needs exp (seconds since the epoch)");
        }
        if (p.path("exp").asLong() * 1000 < clock.millis()) {
            throw invalid("it has expired");
        }
        String email = text(p, "email");
        String phone = text(p, "phone");
        if (email == null && phone == null) {
            throw invalid("the payload names neither email nor phone");
        }
        return new Identity(text(p, "name"), email, phone);
    }

    /** HMAC-SHA256 of the text (what the host site computes too). */
    byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || !v.isTextual() || v.textValue().isBlank() || v.textValue().length() > 320 ? null
                : v.textValue();
    }

    private static NotAuthenticatedException invalid(String why) {
        return new NotAuthenticatedException("the identity token is not valid: " + why);
    }
}
