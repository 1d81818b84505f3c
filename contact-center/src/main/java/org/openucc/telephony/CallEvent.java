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
     * A bridge recording was closed and its file is complete (told on the leg that asked for the
     * recording in {@link CallControl#bridge}), so the interaction log can index it.
     */
    record RecordingAvailable(String callId, java.nio.file.Path file, long durationMillis) implements CallEvent {
    }
}
