package org.openucc.telephony;

/**
 * The verdict of answering-machine detection on one call.
 *
 * @param verdict        who answered, as far as the audio tells
 * @param cause          why, in Asterisk's AMDCAUSE words with the figures that decided it:
 *                       {@code HUMAN-<silence>-<afterGreetingSilence>}, {@code LONGGREETING-<voice>-<greeting>},
 *                       {@code MAXWORDS-<words>-<maximumNumberOfWords>}, {@code MAXWORDLENGTH-<word>},
 *                       {@code INITIALSILENCE-<silence>-<initialSilence>}, {@code TOOLONG-<total>} (all in ms)
 * @param analysisMillis how much of the called party's audio (or missing audio) was heard before deciding
 */
public record AmdResult(Verdict verdict, String cause, long analysisMillis) {

    public enum Verdict {
        /** A person: a short greeting, then silence (they wait for us). */
        HUMAN,
        /** An answering machine or voicemail: a long greeting, many words, or a long initial silence. */
        MACHINE,
        /** No verdict within the total analysis time. */
        NOTSURE
    }

    public AmdResult {
        if (verdict == null || cause == null || analysisMillis < 0) {
            throw new IllegalArgumentException("an AMD result needs a verdict, a cause and a non-negative time");
        }
    }

    @Override
    public String toString() {
        return verdict + " (" + cause + ") after " + analysisMillis + " ms";
    }
}
