package org.openucc.outbound.pacing;

/** How a campaign places its calls. */
public enum DialingMode {
    /** The agent sees the record first and dials (or skips) it; no pacer places calls. */
    PREVIEW,
    /** One call per ready agent: never more calls in flight than ready agents, so nobody is abandoned. */
    PROGRESSIVE,
    /**
     * Over-dials from the measured answer rate, ring time, talk and wrap-up times and the agents about to
     * free up, keeping the expected abandon rate under the campaign's limit.
     */
    PREDICTIVE
}
