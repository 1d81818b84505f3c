package org.openucc.config;

/**
 * A SIP phone account: an agent's phone, or a user's own phone (a supervisor's, which monitoring
 * calls ring; the user names it with {@code users[].phone}). Only the digest hash is kept, never the
 * clear password.
 *
 * @param agentId  the agent whose phone registers with this account; null for a phone only a user names
 * @param username the digest user name the phone sends (often the extension)
 * @param ha1      hex MD5(username:realm:password) for the configured realm (RFC 2617 §3.2.2.2)
 */
public record SipAccount(String agentId, String username, String ha1) {
}
