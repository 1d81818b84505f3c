package org.openucc.telephony;

import java.time.Duration;

/**
 * How answering-machine detection listens to a called party after answer: the parameters of
 * Asterisk's {@code AMD()} application, with its defaults. Audio is judged in 20 ms frames; a frame
 * whose mean absolute 16-bit sample is below {@code silenceThreshold} is silence, any other is voice.
 *
 * @param initialSilence       silence before anyone speaks longer than this: MACHINE (default 2.5 s)
 * @param greeting             voice heard in total longer than this once speech began: MACHINE (1.5 s)
 * @param afterGreetingSilence silence after speech longer than this: HUMAN, who said a short hello and
 *                             now waits (0.8 s)
 * @param totalAnalysisTime    no verdict within this much audio: NOTSURE (5 s)
 * @param minimumWordLength    voice shorter than this is not a word (0.1 s)
 * @param betweenWordsSilence  silence that separates two words (50 ms)
 * @param maximumNumberOfWords this many words: MACHINE (3)
 * @param silenceThreshold     mean absolute sample level below which a frame is silence, 1-32767 (256)
 * @param maximumWordLength    one word longer than this: MACHINE (5 s)
 */
public record AmdSettings(Duration initialSilence, Duration greeting, Duration afterGreetingSilence,
                          Duration totalAnalysisTime, Duration minimumWordLength, Duration betweenWordsSilence,
                          int maximumNumberOfWords, int silenceThreshold, Duration maximumWordLength) {

    private static final Duration MS_20 = Duration.ofMillis(20);
    private static final Duration MS_100 = Duration.ofMillis(100);
    private static final Duration S_2 = Duration.ofSeconds(2);
    private static final Duration S_10 = Duration.ofSeconds(10);
    private static final Duration S_30 = Duration.ofSeconds(30);

    public AmdSettings {
        check("initialSilence", initialSilence, MS_100, S_30);
        check("greeting", greeting, MS_100, S_30);
        check("afterGreetingSilence", afterGreetingSilence, MS_100, S_10);
        check("totalAnalysisTime", totalAnalysisTime, Duration.ofSeconds(1), S_30);
        check("minimumWordLength", minimumWordLength, MS_20, S_2);
        check("betweenWordsSilence", betweenWordsSilence, MS_20, S_2);
        check("maximumWordLength", maximumWordLength, MS_100, S_30);
        if (maximumNumberOfWords < 1 || maximumNumberOfWords > 100) {
            throw new IllegalArgumentException("answering-machine detection: maximumNumberOfWords must be 1-100, not "
                    + maximumNumberOfWords);
        }
        if (silenceThreshold < 1 || silenceThreshold > 32_767) {
            throw new IllegalArgumentException("answering-machine detection: silenceThreshold must be 1-32767 (mean"
                    + " absolute 16-bit sample), not " + silenceThreshold);
        }
        if (minimumWordLength.compareTo(maximumWordLength) > 0) {
            throw new IllegalArgumentException("answering-machine detection: minimumWordLength ("
                    + minimumWordLength.toMillis() + " ms) is longer than maximumWordLength ("
                    + maximumWordLength.toMillis() + " ms)");
        }
    }

    /** Asterisk's defaults (app_amd.c / amd.conf). */
    public static AmdSettings defaults() {
        return new AmdSettings(Duration.ofMillis(2500), Duration.ofMillis(1500), Duration.ofMillis(800),
                Duration.ofMillis(5000), Duration.ofMillis(100), Duration.ofMillis(50), 3, 256, Duration.ofMillis(5000));
    }

    private static void check(String name, Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new IllegalArgumentException("answering-machine detection: " + name + " is missing");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("answering-machine detection: " + name + " must be "
                    + min.toMillis() + "-" + max.toMillis() + " ms, not " + value.toMillis() + " ms");
        }
    }
}
