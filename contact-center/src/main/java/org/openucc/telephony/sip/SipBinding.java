package org.openucc.telephony.sip;

/**
 * Where a registered phone can be reached, until when, and which node's registrar took its REGISTER (RFC 3261
 * §10.3): the contact is all another node needs to INVITE the phone directly.
 *
 * @param key             the agent's id, or for a user's own phone (an account without an agent)
 *                        {@value SipRegistrar#USER_PHONE} and its user name
 * @param username        the account the phone authenticated as
 * @param contact         the Contact URI it registered (where INVITEs go)
 * @param transport       how to reach the contact (the URI's transport parameter, else {@code udp})
 * @param expiresAtMillis when the registration lapses (epoch milliseconds, this cluster's clocks)
 * @param node            the node whose registrar took the REGISTER (null on a single node)
 */
public record SipBinding(String key, String username, String contact, String transport, long expiresAtMillis,
                         String node) {
    public SipBinding {
        if (key == null || username == null || contact == null || transport == null) {
            throw new IllegalArgumentException("a SIP binding needs its key, user name, contact and transport");
        }
    }

    String agentId() {
        return key;
    }

    boolean liveAt(long nowMillis) {
        return expiresAtMillis >= nowMillis;
    }
}
