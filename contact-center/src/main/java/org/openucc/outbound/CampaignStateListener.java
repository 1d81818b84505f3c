package org.openucc.outbound;

/**
 * Told of every state change of a campaign once it is stored (start, pause, stop, finish): how the
 * campaign runtime learns to start or stop dialing. Called on the thread that made the change, after the
 * commit; it must not block (hand the work to the runtime's own thread). A listener that throws is logged and
 * does not undo the change.
 */
@FunctionalInterface
public interface CampaignStateListener {
    void stateChanged(Campaign campaign, CampaignState from, CampaignState to);

    /** The campaign's settings were replaced (e.g. a new abandon limit or calling window); same rules as above. */
    default void settingsChanged(Campaign campaign) {
    }
}
