package org.openucc.ivr.runtime;

import org.openucc.routing.NewInteraction;

/**
 * How a call left the IVR. When a flow registered a callback or a voicemail and then hung up, the
 * outcome is the callback or the voicemail: that is what happens next for the customer.
 */
public sealed interface IvrOutcome {
    String interactionId();

    IvrTrail trail();

    /** Short name for logs and the interaction log ({@code queued}, {@code callback}, …). */
    String kind();

    /**
     * The call waited in a queue and an agent accepted it; the voice flow connects them.
     *
     * @param interaction what was queued: queue, skills, priority, tier, customer, attributes
     */
    record Queued(String interactionId, NewInteraction interaction, String agentId, IvrTrail trail)
            implements IvrOutcome {
        public String kind() {
            return "queued";
        }
    }

    /** A CALLBACK interaction was created for the number; the call ended or will. */
    record CallbackRequested(String interactionId, NewInteraction callback, IvrTrail trail) implements IvrOutcome {
        public String kind() {
            return "callback";
        }
    }

    /**
     * The caller left a message; it waits for agents as a CALLBACK interaction with the recording
     * ({@code recording}: where the telephony put it, e.g. the WAV file's path on the built-in stack).
     */
    record VoicemailLeft(String interactionId, NewInteraction voicemail, String recording, long durationMillis,
                         IvrTrail trail) implements IvrOutcome {
        public String kind() {
            return "voicemail";
        }
    }

    record Transferred(String interactionId, String destination, IvrTrail trail) implements IvrOutcome {
        public String kind() {
            return "transferred";
        }
    }

    /** The flow ended the call (a hangup node), e.g. after self-service. */
    record HungUp(String interactionId, String reason, IvrTrail trail) implements IvrOutcome {
        public String kind() {
            return "hung-up";
        }
    }

    /** The caller hung up while in the IVR. */
    record CallerHungUp(String interactionId, String atNode, IvrTrail trail) implements IvrOutcome {
        public String kind() {
            return "caller-hung-up";
        }
    }

    /**
     * A step failed and the flow has no {@code onError}, or the flow does not exist. The call is still
     * up: the voice flow decides (e.g. its service number's queue), so that nothing is lost.
     */
    record Failed(String interactionId, String reason, IvrTrail trail) implements IvrOutcome {
        public String kind() {
            return "failed";
        }
    }
}
