package org.openucc.telephony.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.openucc.config.SipAccount;

/**
 * Looks up an agent phone's digest credentials by user name. Only HA1 = MD5(user:realm:password)
 * is ever stored (RFC 2617 §3.2.2.2), so a leaked store does not reveal passwords. The composition
 * root feeds it from configuration ({@link #of(List)}) or from a store.
 */
@FunctionalInterface
public interface SipCredentials {

    /** An account: who the phone belongs to, the user name it authenticates as, and its HA1 (hex). */
    record Credential(String agentId, String username, String ha1) {
    }

    Optional<Credential> find(String username);

    static SipCredentials of(List<SipAccount> accounts) {
        Map<String, Credential> byUser = accounts.stream().collect(Collectors.toUnmodifiableMap(SipAccount::username,
                a -> new Credential(a.agentId(), a.username(), a.ha1().toLowerCase(java.util.Locale.ROOT)),
                (a, b) -> {
                    throw new IllegalArgumentException("two SIP accounts use the user name " + a.username());
                }));
        return username -> Optional.ofNullable(byUser.get(username));
    }

    static SipCredentials none() {
        return username -> Optional.empty();
    }

    /** HA1 for a clear password (used when provisioning an account; the password is not kept). */
    static String ha1(String username, String realm, String password) {
        return md5Hex(username + ":" + realm + ":" + password);
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    /** Convenience for tests and demos: an account from a clear password. */
    static SipAccount account(String agentId, String username, String realm, String password) {
        return new SipAccount(agentId, username, ha1(username, realm, password));
    }

}
