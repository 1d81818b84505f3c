package org.openucc.telephony;

/**
 * How a supervisor joins a connected call (monitoring): who hears the supervisor. The supervisor
 * always hears both the customer and the agent.
 */
public enum MonitorMode {
    /** Nobody hears the supervisor. */
    LISTEN,
    /** The agent hears the supervisor (coaching); the customer does not. */
    WHISPER,
    /** Both hear the supervisor: a three-way call. */
    BARGE;

    /** Whether the agent hears the supervisor in this mode. */
    public boolean agentHearsSupervisor() {
        return this != LISTEN;
    }

    /** Whether the customer hears the supervisor in this mode. */
    public boolean customerHearsSupervisor() {
        return this == BARGE;
    }
}
