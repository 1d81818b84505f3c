package org.openucc.auth;

import java.util.Objects;
import org.openucc.config.Role;

/**
 * Who is calling the API or sits behind a WebSocket, as established by their session.
 *
 * @param agentId the agent this user is; null for users who are not agents
 */
public record Caller(String username, Role role, String agentId) {
    public Caller {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }

    public boolean is(Role needed) {
        return role.includes(needed);
    }

    /** Whether this caller is the given agent. */
    public boolean isAgent(String id) {
        return agentId != null && agentId.equals(id);
    }

    /** Supervisors and admins see every agent; an agent sees only themself. */
    public boolean maySee(String otherAgentId) {
        return is(Role.SUPERVISOR) || isAgent(otherAgentId);
    }

    /** @throws AccessDeniedException unless the caller has the role (or a higher one) */
    public void require(Role needed) {
        if (!is(needed)) {
            throw new AccessDeniedException("this needs the " + needed + " role; user '" + username + "' is " + role);
        }
    }

    /** @throws AccessDeniedException unless the caller is that agent, or a supervisor or admin */
    public void requireMaySee(String otherAgentId) {
        if (!maySee(otherAgentId)) {
            throw new AccessDeniedException("user '" + username + "' may only see and act as agent '" + agentId + "'");
        }
    }
}
