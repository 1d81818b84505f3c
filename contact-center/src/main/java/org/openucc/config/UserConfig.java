package org.openucc.config;

/**
 * Someone who logs in to the API or a console.
 *
 * @param username     what they log in with (an id: letters, digits, '.', '_', '-', '@')
 * @param role         AGENT, SUPERVISOR or ADMIN
 * @param agentId      the agent this user is (required for AGENT; a supervisor may have one too)
 * @param passwordHash a bcrypt hash ({@code $2a$…}/{@code $2b$…}/{@code $2y$…}); make one with
 *                     {@code java -jar openucc.jar hash-password}. The password itself is never stored.
 * @param phone        the user name of a {@code sip.accounts} entry: the SIP phone this user's monitoring
 *                     calls ring (listen, whisper, barge); null when the user has none
 */
public record UserConfig(String username, Role role, String agentId, String passwordHash, String phone) {
    /** A user without a phone of their own. */
    public UserConfig(String username, Role role, String agentId, String passwordHash) {
        this(username, role, agentId, passwordHash, null);
    }

    @Override
    public String toString() {
        // Never print the hash: it is a secret too (offline guessing).
        return "UserConfig[username=" + username + ", role=" + role + ", agentId=" + agentId + ", phone=" + phone + "]";
    }
}
