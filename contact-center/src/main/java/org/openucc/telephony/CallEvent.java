package org.openucc.telephony;

/** What happened on a call leg; protocol events are turned into these at the edge. */
public sealed interface CallEvent {
    String callId();

    record Ringing(String callId, boolean earlyMedia) implements CallEvent {
    }

    record Answered(String callId) implements CallEvent {
    }

    record DtmfReceived(String callId, char digit) implements CallEvent {
    }

    record Held(String callId, boolean byRemote) implements CallEvent {
    }

    record Resumed(String callId, boolean byRemote) implements CallEvent {
    }

    record Ended(String callId, EndCause cause, String detail) implements CallEvent {
    }

    /**
     * A bridge recording was closed and is complete (told on the leg that asked for the recording in
     * {@link CallControl#bridge}), so the interaction log can index it.
     *
     * @param recording the handle the bridge was asked to record under
     * @param location  where the adapter put it (the built-in stack: the absolute WAV file path)
     */
    record RecordingAvailable(String callId, RecordingHandle recording, String location, long durationMillis)
            implements CallEvent {
    }
}
