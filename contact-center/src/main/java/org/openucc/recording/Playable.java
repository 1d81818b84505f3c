package org.openucc.recording;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A recording the caller may play, with its file as it is now.
 *
 * @param size         bytes in the file
 * @param lastModified the file's modification time (validators for range requests)
 */
public record Playable(CallRecording recording, Path file, long size, Instant lastModified) {

    /** A strong validator of this file's bytes: the recording, its size and modification time. */
    public String etag() {
        return "\"rec-" + recording.id() + "-" + size + "-" + lastModified.toEpochMilli() + "\"";
    }
}
