package org.openucc.voice;

import java.nio.file.Path;

/** Told when a call recording is complete, so the interaction log can index it. */
@FunctionalInterface
public interface RecordingListener {
    void recordingAvailable(String interactionId, Path file, long durationMillis);
}
