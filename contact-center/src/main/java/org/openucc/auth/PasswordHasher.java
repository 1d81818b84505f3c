package org.openucc.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes: makes them for the config file and checks a login against one. Slow on
 * purpose (tens of milliseconds at the default cost): call it off event loops and the engine thread.
 */
public final class PasswordHasher {
    /** Cost of new hashes: 2^10 rounds, about 50-100 ms on a laptop core. */
    public static final int DEFAULT_COST = 10;
    /** bcrypt reads at most 72 bytes of a password; longer ones are refused rather than cut silently. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final int cost;
    /** A hash of a random password, checked when the user name is unknown so both cases take as long. */
    private final String decoy;

    public PasswordHasher() {
        this(DEFAULT_COST);
    }

    /** @param cost log2 of the rounds, 4..31 (tests and benchmarks use 4) */
    public PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4..31, not " + cost);
        }
        this.cost = cost;
        this.decoy = BCrypt.withDefaults().hashToString(cost, java.util.UUID.randomUUID().toString().toCharArray());
    }

    /** @throws IllegalArgumentException if the password is empty or longer than {@value #MAX_PASSWORD_BYTES} bytes */
    public String hash(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("the password is longer than " + MAX_PASSWORD_BYTES
                    + " bytes, which bcrypt cannot tell apart");
        }
        return BCrypt.withDefaults().hashToString(cost, password);
    }

    /** Whether the password matches; false (never an exception) for a malformed hash or an overlong password. */
    public boolean matches(String password, String hash) {
        if (password == null || hash == null
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return false;
        }
        try {
            return BCrypt.verifyer().verify(password.toCharArray(), hash.toCharArray()).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the time of a real check, for logins with an unknown user name. */
    public void checkDecoy(String password) {
        matches(password == null ? "" : password, decoy);
    }
}
