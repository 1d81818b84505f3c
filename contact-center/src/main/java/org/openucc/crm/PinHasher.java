package org.openucc.crm;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes the IVR PIN of a customer with PBKDF2-HMAC-SHA256 and a per-customer salt, so the store
 * never holds a PIN in clear. A 4-8 digit PIN has at most 10^8 values: the hash keeps it out of
 * dumps and logs, it does not stop an attacker who has the database from trying all of them; the
 * IVR must limit attempts. Format: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64).
 */
public final class PinHasher {
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "pbkdf2-sha256";
    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PinHasher() {
        this(20_000);
    }

    /** @param iterations PBKDF2 rounds for new hashes; existing hashes keep theirs */
    public PinHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    public String hash(String pin) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return PREFIX + "$" + iterations + "$" + b64(salt) + "$" + b64(derive(pin, salt, iterations));
    }

    public boolean matches(String pin, String stored) {
        if (pin == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalStateException("stored PIN hash has an unknown format (expected " + PREFIX + "$...)");
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(pin, salt, Integer.parseInt(parts[1])));
    }

    private static byte[] derive(String pin, byte[] salt, int rounds) {
        try {
            PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, rounds, 256);
            try {
                return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
