package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.AmdResult;
import org.openucc.telephony.AmdResult.Verdict;
import org.openucc.telephony.AmdSettings;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.RecordingHandle;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.Playback;
import org.openucc.telephony.PlaybackResult;
import org.openucc.telephony.media.WavAudio;

/**
 * Answering-machine detection on real SIP: the built-in stack dials a sipp UAS on loopback that
 * answers and plays a person's "Hello?" or a machine's greeting (the committed TTS samples, as RTP
 * from a pcap), and the detector listens to that RTP on the leg's media loop.
 */
class AnsweringMachineSipTest {
    private TelephonyRig rig;
    private Sipp callee;

    @BeforeEach
    void start() throws Exception {
        rig = new TelephonyRig();
    }

    @AfterEach
    void stop() {
        if (callee != null) {
            callee.close();
        }
        rig.close();
    }

    private static short[] sample(String name) throws Exception {
        Path p = Path.of("src/test/resources/amd", name);
        if (!p.toFile().exists()) {
            p = Path.of("contact-center/src/test/resources/amd", name);
        }
        return WavAudio.read(p);
    }

    /** Starts a sipp callee that plays {@code audio}, dials it and returns the answered call. */
    private CallControl dialCalleePlaying(short[] audio) throws Exception {
        Path pcap = WavPcap.write(rig.dir.resolve("callee.pcap"), audio);
        int port = Sipp.freeUdpPort();
        callee = Sipp.start(rig.dir, "amd-callee", "-sf", Sipp.scenario("amd-callee.xml").toString(), "-i", "127.0.0.1",
                "-p", String.valueOf(port), "-mp", String.valueOf(Sipp.freeMediaPort()), "-key", "pcap", pcap.toString(),
                "-m", "1", "-timeout", "40s");
        var out = rig.telephony.dial(new DialRequest("sip:customer@127.0.0.1:" + port, "5550100",
                Duration.ofSeconds(15)));
        return out.answered().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private void hangUpAndLetTheCalleeFinish(CallControl call) throws Exception {
        call.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(callee.await(20)).as("sipp callee:\n%s", callee.output()).isZero();
    }

    @Test
    void aPersonWhoSaysHelloAndWaitsIsHuman() throws Exception {
        CallControl call = dialCalleePlaying(sample("human-hello.wav"));
        AmdResult r = call.detectAnsweringMachine(AmdSettings.defaults()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.HUMAN);
        assertThat(r.cause()).startsWith("HUMAN-");
        assertThat(r.analysisMillis()).isBetween(800L, 5000L);
        assertThat(call.state()).isEqualTo(CallState.ANSWERED);
        hangUpAndLetTheCalleeFinish(call);
    }

    @Test
    void aMachineGreetingIsDetectedAndTheMessageIsLeftAfterTheBeep() throws Exception {
        short[] greeting = sample("machine-greeting.wav");
        long beepEndMillis = lastVoiceMillis(greeting);
        CallControl call = dialCalleePlaying(greeting);
        long answeredAt = System.nanoTime();
        List<CallEvent> events = new CopyOnWriteArrayList<>();
        call.addListener(events::add);
        AmdResult r = call.detectAnsweringMachine(AmdSettings.defaults(), new RecordingHandle("amd-sample"))
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.MACHINE);
        assertThat(r.cause()).matches("(LONGGREETING|MAXWORDS)-\\d+-\\d+");

        // What was judged is kept for supervisors to sample: the greeting's start, as long as the analysis.
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e instanceof CallEvent.RecordingAvailable));
        CallEvent.RecordingAvailable sample = (CallEvent.RecordingAvailable) events.stream()
                .filter(e -> e instanceof CallEvent.RecordingAvailable).findFirst().orElseThrow();
        assertThat(sample.recording()).isEqualTo(new RecordingHandle("amd-sample"));
        assertThat(sample.location()).isEqualTo(rig.dir.resolve("amd-sample.wav").toAbsolutePath().toString());
        assertThat(sample.durationMillis()).isBetween(r.analysisMillis() - 200, r.analysisMillis() + 1000);
        assertThat(Audio.channelLevels(Path.of(sample.location()))[0]).as("the greeting's level in the sample")
                .isGreaterThan(300);

        // Leave a message: wait for the end of the greeting and its beep, then play.
        boolean silent = call.awaitSilence(Duration.ofMillis(800), Duration.ofSeconds(15)).toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answeredAt);
        assertThat(silent).isTrue();
        // sipp plays the pcap in real time from the ACK on, so silence after the beep cannot come sooner
        assertThat(waited).as("ms from answer to the silence after the beep").isGreaterThanOrEqualTo(beepEndMillis);
        PlaybackResult played = call.play(Playback.of(rig.prompt("voicemail.wav"))).toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
        assertThat(played).isEqualTo(PlaybackResult.COMPLETED);
        hangUpAndLetTheCalleeFinish(call);
    }

    @Test
    void aCalleeWhoSendsNoAudioAtAllIsJudgedOnTheMissingAudio() throws Exception {
        CallControl call = dialCalleePlaying(new short[160]); // one silent packet, then no RTP
        AmdResult r = call.detectAnsweringMachine(AmdSettings.defaults()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.MACHINE);
        assertThat(r.cause()).startsWith("INITIALSILENCE-");
        boolean silent = call.awaitSilence(Duration.ofMillis(300), Duration.ofSeconds(10)).toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
        assertThat(silent).isTrue();
        hangUpAndLetTheCalleeFinish(call);
    }

    @Test
    void waitingForSilenceWhileTheGreetingGoesOnTimesOut() throws Exception {
        CallControl call = dialCalleePlaying(sample("machine-greeting.wav"));
        boolean silent = call.awaitSilence(Duration.ofSeconds(3), Duration.ofSeconds(2)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(silent).isFalse();
        hangUpAndLetTheCalleeFinish(call);
    }

    @Test
    void aCalleeWhoHangsUpDuringDetectionEndsItWithTheCallEnded() throws Exception {
        TestPhone customer = rig.phone("customer"); // answers at once, sends no audio
        CallControl call = rig.telephony.dial(new DialRequest("sip:customer@127.0.0.1:" + customer.port, "5550100",
                Duration.ofSeconds(5))).answered().toCompletableFuture().get(10, TimeUnit.SECONDS);
        AmdSettings patient = new AmdSettings(Duration.ofSeconds(30), Duration.ofMillis(1500), Duration.ofMillis(800),
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMillis(50), 3, 256, Duration.ofSeconds(5));
        var detection = call.detectAnsweringMachine(patient).toCompletableFuture();
        var silence = call.awaitSilence(Duration.ofSeconds(20), Duration.ofSeconds(25)).toCompletableFuture();
        assertThatThrownBy(() -> call.detectAnsweringMachine(patient).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .as("one detection at a time").hasCauseInstanceOf(IllegalStateException.class);
        assertThat(detection).isNotDone();

        customer.firstIncoming.get(5, TimeUnit.SECONDS).bye().get(5, TimeUnit.SECONDS);
        for (var stage : List.of(detection, silence)) {
            assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(CallEndedException.class)
                    .satisfies(e -> assertThat(((CallEndedException) e.getCause()).endCause())
                            .isEqualTo(EndCause.REMOTE_HANGUP));
        }
    }

    private static long lastVoiceMillis(short[] audio) {
        long end = 0;
        for (int at = 0; at + 160 <= audio.length; at += 160) {
            long sum = 0;
            for (int k = 0; k < 160; k++) {
                sum += Math.abs(audio[at + k]);
            }
            if (sum / 160 >= AmdSettings.defaults().silenceThreshold()) {
                end = (at + 160) / 8;
            }
        }
        return end;
    }
}
