package org.openucc.voice;

/** Told when a call recording is complete, so the interaction log can index it. */
@FunctionalInterface
public interface RecordingListener {
    void recordingAvailable(String interactionId, String location, long durationMillis);
}
