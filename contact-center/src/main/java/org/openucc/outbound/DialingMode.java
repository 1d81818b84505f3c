package org.openucc.outbound;

/**
 * How a campaign dials: PREVIEW (the agent sees the record first, then dials or skips), PROGRESSIVE (one
 * line per free agent), PREDICTIVE (more lines than free agents, paced by the measured answer rate).
 */
public enum DialingMode {
    PREVIEW,
    PROGRESSIVE,
    PREDICTIVE;

    /** Whether a customer can answer with no agent free to take the call (an abandon), so it needs an identification message. */
    public boolean mayAbandon() {
        return this != PREVIEW;
    }
}
