package org.openucc.telephony.media;

import java.nio.file.Path;
import org.openucc.telephony.RecordingHandle;

/**
 * Where the built-in stack writes what it records: a bridged call as {@code <callsDir>/<id>.wav}, a
 * voicemail as {@code <voicemailDir>/<id>.wav}. Its locations are absolute file paths.
 */
public record RecordingFiles(Path callsDir, Path voicemailDir) {
    public RecordingFiles {
        callsDir = callsDir.toAbsolutePath().normalize();
        voicemailDir = voicemailDir.toAbsolutePath().normalize();
    }

    /** Both kinds in one directory (tests). */
    public static RecordingFiles in(Path dir) {
        return new RecordingFiles(dir, dir);
    }

    public Path call(RecordingHandle handle) {
        return callsDir.resolve(handle.id() + ".wav");
    }

    public Path voicemail(RecordingHandle handle) {
        return voicemailDir.resolve(handle.id() + ".wav");
    }
}
