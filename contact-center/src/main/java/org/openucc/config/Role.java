package org.openucc.config;

/**
 * What a user of the API and the consoles may do. Agents act on their own state, offers and
 * interactions; supervisors see everything and steer agents; administrators also change
 * configuration-like data (agents, customer imports). Each role includes the one before it.
 */
public enum Role {
    AGENT,
    SUPERVISOR,
    ADMIN;

    /** Whether this role may do what {@code needed} may do. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }
}
