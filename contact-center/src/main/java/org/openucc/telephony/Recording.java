package org.openucc.telephony;

/**
 * A finished recording.
 *
 * @param recording the handle it was asked for under
 * @param location  where the adapter put it (the built-in stack: the absolute WAV file path)
 */
public record Recording(RecordingHandle recording, String location, long durationMillis) {
}
