package org.openucc.routing.spi;

/**
 * Orders in which the engine keeps available agents indexed, so a strategy finds its pick without
 * scanning. Every order ends with the agent's registration order, so it is total and deterministic.
 */
public enum AgentOrder {
    /**
     * Fewest interactions of the channel in hand, then idle for longest: since their work last changed
     * (an interaction accepted or finished) or they went READY.
     */
    LONGEST_IDLE,
    /** Registration order of agents (what round robin walks). */
    AGENT_ORDER,
    /** Least handle time accumulated since login, then idle for longest. */
    LEAST_BUSY_TIME
}
