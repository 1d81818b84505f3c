package org.openucc.recording;

import java.time.Instant;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * One recording of an interaction as the log indexes it.
 *
 * @param id         the id of its RECORDING_AVAILABLE event: stable, unique, and what the API names it by
 * @param location   where the adapter wrote it (an absolute file path on this server for the built-in stack and
 *                   an Asterisk on the same machine)
 * @param recordedAt when it was indexed (the recording's end)
 */
public record CallRecording(long id, String interactionId, String location, long durationMillis, Instant recordedAt) {

    public static CallRecording of(LogEvent e) {
        if (e.type() != LogEventType.RECORDING_AVAILABLE) {
            throw new IllegalArgumentException("event " + e.id() + " is " + e.type() + ", not RECORDING_AVAILABLE");
        }
        return new CallRecording(e.id(), e.interactionId(), e.detail("path"), e.detailLong("durationMillis", 0),
                e.at());
    }
}
