package org.openucc.ivr.runtime;

import org.openucc.routing.NewInteraction;
import org.openucc.telephony.CallInfo;

/**
 * Where the IVR reports what a call did, step by step (the interaction log in the server). Must not
 * block and must not throw.
 */
public interface IvrJournal {
    IvrJournal NONE = new IvrJournal() {
    };

    /** The call entered the IVR: its interaction exists from now on. */
    default void started(String interactionId, CallInfo call, String flow, long flowsVersion) {
    }

    default void step(String interactionId, String flow, String node, String type) {
    }

    /** What the caller typed at a menu or collect ({@code result}: option, invalid, no-input, valid…). */
    default void input(String interactionId, String flow, String node, String digits, String result) {
    }

    default void identified(String interactionId, String customerId, String by) {
    }

    /** A new interaction the IVR created for agents (callback, voicemail). */
    default void created(NewInteraction interaction, String origin) {
    }

    default void recording(String interactionId, String path, long durationMillis) {
    }

    /** An interaction the IVR created could not be queued (routing refused it). */
    default void failed(String interactionId, String reason) {
    }

    default void finished(String interactionId, IvrOutcome outcome) {
    }
}
