package org.openucc.telephony.media;

import org.openucc.telephony.AmdResult;
import org.openucc.telephony.AmdResult.Verdict;
import org.openucc.telephony.AmdSettings;

/**
 * Tells a person from an answering machine by the cadence of what the called party sends after
 * answer, the way Asterisk's {@code AMD()} does: a person says a word or two ("Hello?") and waits; a
 * machine talks on (a long greeting, many words) or starts after a long silence. Pure: fed 8 kHz
 * linear frames (and gaps with no audio) by whoever owns it, one thread; no allocation per frame.
 *
 * <p>Each frame is voice or silence by its mean absolute level against the threshold. Silence long
 * enough between words separates words; the first word starts the greeting. The first rule met
 * decides: initial silence, silence after the greeting (HUMAN), a word too long, too many words, too
 * much voice, or the total analysis time (NOTSURE).
 */
public final class AnsweringMachineDetector {
    private final int initialSilence;
    private final int greeting;
    private final int afterGreetingSilence;
    private final int totalAnalysisTime;
    private final int minimumWordLength;
    private final int betweenWordsSilence;
    private final int maximumNumberOfWords;
    private final int silenceThreshold;
    private final int maximumWordLength;

    private int total;
    private int samplesOver; // samples not yet counted as a whole millisecond
    private int silence; // current run of silence, ms
    private int voice; // all voice since the start, ms
    private int wordVoice; // current run of voice, ms
    private int words;
    private boolean betweenWords; // Asterisk starts "in a word": a word counts once silence preceded it
    private boolean greetingStarted;
    private AmdResult result;

    public AnsweringMachineDetector(AmdSettings settings) {
        initialSilence = millis(settings.initialSilence());
        greeting = millis(settings.greeting());
        afterGreetingSilence = millis(settings.afterGreetingSilence());
        totalAnalysisTime = millis(settings.totalAnalysisTime());
        minimumWordLength = millis(settings.minimumWordLength());
        betweenWordsSilence = millis(settings.betweenWordsSilence());
        maximumNumberOfWords = settings.maximumNumberOfWords();
        silenceThreshold = settings.silenceThreshold();
        maximumWordLength = millis(settings.maximumWordLength());
    }

    /**
     * One frame of the called party's audio ({@code n} samples at 8 kHz, normally 160).
     *
     * @return the verdict once there is one (the same on every later call), else {@code null}
     */
    public AmdResult frame(short[] samples, int n) {
        if (result != null || n <= 0) {
            return result;
        }
        samplesOver += n;
        int ms = samplesOver / 8;
        samplesOver -= ms * 8;
        return step(ms, SilenceDetector.level(samples, n) < silenceThreshold);
    }

    /** Time in which no audio came at all (no RTP, lost packets): silence, as Asterisk counts null frames. */
    public AmdResult gap(int millis) {
        if (result != null || millis <= 0) {
            return result;
        }
        return step(millis, true);
    }

    public AmdResult result() {
        return result;
    }

    private AmdResult step(int ms, boolean silent) {
        total += ms;
        if (total >= totalAnalysisTime) {
            return decide(Verdict.NOTSURE, "TOOLONG-" + total);
        }
        if (silent) {
            silence += ms;
            if (silence >= betweenWordsSilence) {
                betweenWords = true;
                wordVoice = 0;
            }
            if (!greetingStarted && silence >= initialSilence) {
                return decide(Verdict.MACHINE, "INITIALSILENCE-" + silence + "-" + initialSilence);
            }
            if (greetingStarted && silence >= afterGreetingSilence) {
                return decide(Verdict.HUMAN, "HUMAN-" + silence + "-" + afterGreetingSilence);
            }
            return null;
        }
        silence = 0;
        wordVoice += ms;
        voice += ms;
        if (wordVoice >= minimumWordLength && betweenWords) {
            words++;
            betweenWords = false;
        }
        if (wordVoice >= maximumWordLength) {
            return decide(Verdict.MACHINE, "MAXWORDLENGTH-" + wordVoice);
        }
        if (words >= maximumNumberOfWords) {
            return decide(Verdict.MACHINE, "MAXWORDS-" + words + "-" + maximumNumberOfWords);
        }
        if (greetingStarted && voice >= greeting) {
            return decide(Verdict.MACHINE, "LONGGREETING-" + voice + "-" + greeting);
        }
        if (wordVoice >= minimumWordLength) {
            greetingStarted = true;
        }
        return null;
    }

    private AmdResult decide(Verdict verdict, String cause) {
        result = new AmdResult(verdict, cause, total);
        return result;
    }

    private static int millis(java.time.Duration d) {
        return (int) d.toMillis();
    }
}
