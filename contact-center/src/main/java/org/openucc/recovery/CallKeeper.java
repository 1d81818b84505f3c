package org.openucc.recovery;

/**
 * The telephony that may still carry a call after this server restarted (Asterisk keeps its calls):
 * it decides what the recovery does with the call's interaction ({@link InteractionRecovery.Action#KEEP}).
 */
public interface CallKeeper {
    /** What the ACD does with the interaction. */
    enum Decision {
        /** Back in its queue at its place: the caller waits again. */
        RESTORE,
        /** Back in the hands of the agent who had it: the call is still bridged. */
        REATTACH,
        /** Ended in the log (the call is gone, or cannot be followed). */
        END
    }

    /** Called first, for every kept interaction; the keeper gets ready for what it decides. */
    Decision keep(InteractionRecovery interaction);

    /** The ACD has it back as decided. */
    void kept(InteractionRecovery interaction);

    /** The ACD refused it (it is ended in the log with {@code reason}). */
    void refused(InteractionRecovery interaction, String reason);
}
