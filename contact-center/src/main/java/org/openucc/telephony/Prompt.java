package org.openucc.telephony;

import java.util.Objects;

/**
 * Something to play, named rather than located: each adapter resolves it through its own prompt
 * catalog (the built-in stack: {@code <prompts>/<language>/<name>.wav}; Asterisk: a sound name).
 */
public sealed interface Prompt {
    /**
     * A prompt of the prompt library in a language: a whole prompt ({@code main-menu}) or a fragment
     * that values are spoken from ({@code say/7}, {@code say/hundred}).
     */
    record Named(String name, String language) implements Prompt {
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(language, "language");
        }

        @Override
        public String toString() {
            return language + "/" + name;
        }
    }

    /** A recording this same telephony made (e.g. a voicemail played back), as it reported it. */
    record Recorded(RecordingHandle recording, String location) implements Prompt {
        public Recorded {
            Objects.requireNonNull(recording, "recording");
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * Escape hatch: a location only the adapter understands (the built-in stack: a WAV file path), for
     * configured audio outside the prompt library (a direct number's greeting and hold music).
     */
    record File(String location) implements Prompt {
        public File {
            Objects.requireNonNull(location, "location");
        }
    }

    static Prompt named(String name, String language) {
        return new Named(name, language);
    }

    static Prompt recorded(Recording recording) {
        return new Recorded(recording.recording(), recording.location());
    }

    static Prompt file(String location) {
        return new File(location);
    }
}
