package org.openucc.telephony;

/**
 * Names a recording without saying where it goes (e.g. the interaction id plus a suffix); the
 * adapter decides the place (the built-in stack: {@code <dir>/<id>.wav}; Asterisk: MixMonitor's file
 * on the Asterisk host) and reports it as the recording's location.
 */
public record RecordingHandle(String id) {
    public RecordingHandle {
        if (id == null || id.isBlank() || id.startsWith(".")
                || id.chars().anyMatch(c -> c == '/' || c == '\\' || c < ' ')) {
            throw new IllegalArgumentException("recording handle '" + id
                    + "' must be a plain name (no '/', '\\', control characters or leading '.')");
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
