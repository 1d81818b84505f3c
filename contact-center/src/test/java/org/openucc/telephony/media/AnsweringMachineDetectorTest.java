package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.AmdResult;
import org.openucc.telephony.AmdResult.Verdict;
import org.openucc.telephony.AmdSettings;

/** The detector on the committed TTS samples (see src/test/resources/amd/generate.sh), silence and noise. */
class AnsweringMachineDetectorTest {
    private static final int FRAME = 160;

    static Path sample(String name) {
        Path p = Path.of("src/test/resources/amd", name);
        if (!Files.exists(p)) {
            p = Path.of("contact-center/src/test/resources/amd", name);
        }
        return p.toAbsolutePath();
    }

    static short[] wav(String name) throws IOException {
        return WavAudio.read(sample(name));
    }

    /** Feeds 20 ms frames until a verdict; then the audio that is left does not change it. */
    static AmdResult detect(AmdSettings settings, short[] audio) {
        AnsweringMachineDetector d = new AnsweringMachineDetector(settings);
        short[] frame = new short[FRAME];
        AmdResult first = null;
        for (int at = 0; at + FRAME <= audio.length; at += FRAME) {
            System.arraycopy(audio, at, frame, 0, FRAME);
            AmdResult r = d.frame(frame, FRAME);
            if (first == null) {
                first = r;
            } else {
                assertThat(r).as("a verdict is final").isSameAs(first);
            }
        }
        return first != null ? first : d.result();
    }

    static short[] concat(short[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static short[] scaled(short[] audio, double gain) {
        short[] out = new short[audio.length];
        for (int i = 0; i < audio.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(audio[i] * gain)));
        }
        return out;
    }

    /** White noise of a given mean absolute level added (a hissing line), seeded so the test is repeatable. */
    static short[] withNoise(short[] audio, int meanLevel) {
        Random r = new Random(13);
        short[] out = new short[audio.length];
        double amplitude = meanLevel * 2.0; // uniform in [-a, a] has mean absolute a/2
        for (int i = 0; i < audio.length; i++) {
            long v = audio[i] + Math.round((r.nextDouble() * 2 - 1) * amplitude);
            out[i] = (short) Math.max(-32768, Math.min(32767, v));
        }
        return out;
    }

    static int lastVoiceFrameEndMillis(short[] audio, int threshold) {
        int end = 0;
        for (int at = 0; at + FRAME <= audio.length; at += FRAME) {
            if (SilenceDetector.level(Arrays.copyOfRange(audio, at, at + FRAME), FRAME) >= threshold) {
                end = (at + FRAME) / 8;
            }
        }
        return end;
    }

    @Test
    void aShortHelloThenSilenceIsAHuman() throws IOException {
        short[] hello = wav("human-hello.wav");
        AmdResult r = detect(AmdSettings.defaults(), hello);
        assertThat(r.verdict()).isEqualTo(Verdict.HUMAN);
        assertThat(r.cause()).isEqualTo("HUMAN-800-800");
        // decided 800 ms after the hello ended, long before the total analysis time
        assertThat(r.analysisMillis()).isEqualTo(lastVoiceFrameEndMillis(hello, 256) + 800);
    }

    @Test
    void aLongGreetingIsAMachineWithinTheAnalysisTime() throws IOException {
        AmdResult r = detect(AmdSettings.defaults(), wav("machine-greeting.wav"));
        assertThat(r.verdict()).isEqualTo(Verdict.MACHINE);
        assertThat(r.cause()).matches("(LONGGREETING|MAXWORDS)-\\d+-\\d+");
        assertThat(r.analysisMillis()).isLessThan(5000);
    }

    @Test
    void theSamplesKeepTheirVerdictQuieterAndOnAHissingLine() throws IOException {
        short[] hello = wav("human-hello.wav");
        short[] machine = wav("machine-greeting.wav");
        for (double gain : new double[] {1.0, 0.5, 0.25}) {
            for (int hiss : new int[] {0, 60, 120}) {
                assertThat(detect(AmdSettings.defaults(), withNoise(scaled(hello, gain), hiss)).verdict())
                        .as("hello at gain %s with hiss %d", gain, hiss).isEqualTo(Verdict.HUMAN);
                assertThat(detect(AmdSettings.defaults(), withNoise(scaled(machine, gain), hiss)).verdict())
                        .as("greeting at gain %s with hiss %d", gain, hiss).isEqualTo(Verdict.MACHINE);
            }
        }
    }

    @Test
    void nothingButSilenceIsAMachineAfterTheInitialSilenceAsInAsterisk() {
        AmdResult r = detect(AmdSettings.defaults(), new short[8000 * 6]);
        assertThat(r).isEqualTo(new AmdResult(Verdict.MACHINE, "INITIALSILENCE-2500-2500", 2500));
    }

    @Test
    void silenceLongerThanTheAnalysisTimeAllowsIsNotSure() {
        AmdSettings patient = settings(Duration.ofSeconds(8), 3, Duration.ofMillis(5000));
        AmdResult r = detect(patient, new short[8000 * 6]);
        assertThat(r).isEqualTo(new AmdResult(Verdict.NOTSURE, "TOOLONG-5000", 5000));
    }

    @Test
    void missingAudioCountsAsSilence() {
        AnsweringMachineDetector d = new AnsweringMachineDetector(AmdSettings.defaults());
        for (int i = 0; i < 24; i++) {
            assertThat(d.gap(100)).isNull();
        }
        assertThat(d.gap(100)).isEqualTo(new AmdResult(Verdict.MACHINE, "INITIALSILENCE-2500-2500", 2500));
    }

    @Test
    void aHelloFollowedByAGapInTheRtpIsAHuman() throws IOException {
        short[] hello = wav("human-hello.wav");
        int speechEnd = lastVoiceFrameEndMillis(hello, 256);
        short[] onlySpeech = Arrays.copyOf(hello, speechEnd * 8);
        AnsweringMachineDetector d = new AnsweringMachineDetector(AmdSettings.defaults());
        short[] frame = new short[FRAME];
        for (int at = 0; at + FRAME <= onlySpeech.length; at += FRAME) {
            System.arraycopy(onlySpeech, at, frame, 0, FRAME);
            assertThat(d.frame(frame, FRAME)).isNull();
        }
        assertThat(d.gap(500)).isNull();
        assertThat(d.gap(300)).isEqualTo(new AmdResult(Verdict.HUMAN, "HUMAN-800-800", speechEnd + 800));
    }

    @Test
    void loudNoiseWithNoPauseIsNoHuman() {
        AmdResult r = detect(AmdSettings.defaults(), withNoise(new short[8000 * 6], 3000));
        assertThat(r.verdict()).isEqualTo(Verdict.MACHINE);
        assertThat(r.cause()).isEqualTo("LONGGREETING-1500-1500");
    }

    @Test
    void quietHissAloneIsSilence() {
        AmdResult r = detect(AmdSettings.defaults(), withNoise(new short[8000 * 6], 120));
        assertThat(r.cause()).isEqualTo("INITIALSILENCE-2500-2500");
    }

    @Test
    void theSettingsDecide_aOneWordLimitMakesTheHelloAMachine() throws IOException {
        AmdResult r = detect(settings(Duration.ofMillis(2500), 1, Duration.ofMillis(5000)), wav("human-hello.wav"));
        assertThat(r.verdict()).isEqualTo(Verdict.MACHINE);
        assertThat(r.cause()).isEqualTo("MAXWORDS-1-1");
    }

    @Test
    void oneWordLongerThanTheMaximumWordLengthIsAMachine() {
        AmdSettings s = new AmdSettings(Duration.ofMillis(2500), Duration.ofSeconds(10), Duration.ofMillis(800),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(50), 3, 256, Duration.ofMillis(1000));
        AmdResult r = detect(s, withNoise(new short[8000 * 3], 3000));
        assertThat(r).isEqualTo(new AmdResult(Verdict.MACHINE, "MAXWORDLENGTH-1000", 1000));
    }

    @Test
    void framesOfOtherSizesAreCountedBySamples() {
        AnsweringMachineDetector d = new AnsweringMachineDetector(AmdSettings.defaults());
        short[] frame = new short[244]; // 30.5 ms
        AmdResult r = null;
        int frames = 0;
        while (r == null) {
            r = d.frame(frame, frame.length);
            frames++;
        }
        assertThat(r.cause()).startsWith("INITIALSILENCE-");
        assertThat(frames).isEqualTo((int) Math.ceil(2500 * 8 / 244.0));
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheirName() {
        assertThatThrownBy(() -> settings(Duration.ofMillis(10), 3, Duration.ofMillis(5000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialSilence")
                .hasMessageContaining("100-30000 ms");
        assertThatThrownBy(() -> settings(Duration.ofMillis(2500), 0, Duration.ofMillis(5000)))
                .hasMessageContaining("maximumNumberOfWords");
        assertThatThrownBy(() -> new AmdSettings(Duration.ofMillis(2500), Duration.ofMillis(1500),
                Duration.ofMillis(800), Duration.ofMillis(5000), Duration.ofMillis(100), Duration.ofMillis(50), 3, 0,
                Duration.ofMillis(5000))).hasMessageContaining("silenceThreshold");
        assertThatThrownBy(() -> new AmdSettings(Duration.ofMillis(2500), Duration.ofMillis(1500),
                Duration.ofMillis(800), Duration.ofMillis(5000), Duration.ofMillis(500), Duration.ofMillis(50), 3, 256,
                Duration.ofMillis(200))).hasMessageContaining("minimumWordLength");
        assertThatThrownBy(() -> new AmdSettings(null, Duration.ofMillis(1500), Duration.ofMillis(800),
                Duration.ofMillis(5000), Duration.ofMillis(100), Duration.ofMillis(50), 3, 256, Duration.ofMillis(5000)))
                .hasMessageContaining("initialSilence is missing");
    }

    @Test
    void waitingForSilenceOnAGreetingEndsAfterTheBeepNotInThePausesBetweenSentences() throws IOException {
        short[] machine = wav("machine-greeting.wav");
        int beepEnd = lastVoiceFrameEndMillis(machine, 256);
        assertThat(firstSilenceAt(machine, 800)).isEqualTo(beepEnd + 800);
        assertThat(firstSilenceAt(machine, 150)).as("a short wait ends in a pause of the greeting")
                .isLessThan(beepEnd - 1000);
    }

    private static int firstSilenceAt(short[] audio, int silenceMillis) {
        SilenceDetector s = new SilenceDetector(256, silenceMillis);
        short[] frame = new short[FRAME];
        boolean inVoice = false;
        for (int at = 0; at + FRAME <= audio.length; at += FRAME) {
            System.arraycopy(audio, at, frame, 0, FRAME);
            boolean voice = SilenceDetector.level(frame, FRAME) >= 256;
            inVoice |= voice;
            if (s.frame(frame, FRAME) && inVoice) {
                return (at + FRAME) / 8;
            }
        }
        return -1;
    }

    private static AmdSettings settings(Duration initialSilence, int maxWords, Duration total) {
        return new AmdSettings(initialSilence, Duration.ofMillis(1500), Duration.ofMillis(800), total,
                Duration.ofMillis(100), Duration.ofMillis(50), maxWords, 256, Duration.ofMillis(5000));
    }
}
