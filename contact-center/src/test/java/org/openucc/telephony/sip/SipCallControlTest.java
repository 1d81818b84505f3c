package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.DigitRequest;
import org.openucc.telephony.DigitResult;
import org.openucc.telephony.Playback;
import org.openucc.telephony.RecordRequest;
import org.openucc.telephony.Recording;
import org.openucc.telephony.RecordingHandle;

/** The CallControl port on the built-in stack, driven directly, against in-process phones. */
class SipCallControlTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    TelephonyRig rig;
    TestPhone caller;
    TestPhone.Call call;
    CallControl control;

    @BeforeEach
    void start() throws Exception {
        rig = new TelephonyRig();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private void answeredCall(int payloadType) throws Exception {
        caller = rig.phone("5550000");
        caller.payloadType = payloadType;
        call = caller.call("1000");
        control = rig.nextCall();
        assertThat(control.info().to()).isEqualTo("1000");
        assertThat(control.info().from()).isEqualTo("5550000");
        control.answer().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(control.state()).isEqualTo(CallState.ANSWERED);
    }

    @Test
    void rfc4733DigitsAreDetectedOncePerKeyPressDespiteRepeatedEndPackets() throws Exception {
        answeredCall(0);
        call.rtp.startTone(300); // lets the server latch on our address (symmetric RTP)
        var digits = control.collectDigits(new DigitRequest(1, 5, '#', Duration.ofSeconds(5), Duration.ofSeconds(3)));
        int pt = call.dtmfPayloadType();
        call.rtp.sendDtmf('4', pt);
        call.rtp.sendDtmf('2', pt);
        call.rtp.sendDtmf('#', pt);
        DigitResult r = digits.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(r.digits()).isEqualTo("42");
        assertThat(r.outcome()).isEqualTo(DigitResult.Outcome.TERMINATED);
        await().atMost(WAIT).until(() -> rig.events.stream().filter(e -> e instanceof CallEvent.DtmfReceived).count() == 3);
    }

    @Test
    void aListenerAddedAfterTheCallerHungUpIsToldEndedOnceAndTheByeIsAnsweredAfterTheEnd() throws Exception {
        answeredCall(0);
        java.util.List<CallEvent> early = new java.util.concurrent.CopyOnWriteArrayList<>();
        control.addListener(early::add);
        assertThat(call.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        // The 200 for the BYE leaves only after the leg ended: whoever listened has Ended by now.
        assertThat(early).filteredOn(e -> e instanceof CallEvent.Ended).hasSize(1);
        assertThat(control.state()).isEqualTo(CallState.ENDED);

        java.util.List<CallEvent> late = new java.util.concurrent.CopyOnWriteArrayList<>();
        control.addListener(late::add);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !late.isEmpty());
        assertThat(late).singleElement().isInstanceOfSatisfying(CallEvent.Ended.class,
                e -> assertThat(e.cause()).isEqualTo(org.openucc.telephony.EndCause.REMOTE_HANGUP));
        assertThat(early).filteredOn(e -> e instanceof CallEvent.Ended).as("told once").hasSize(1);
    }

    @Test
    void sipInfoDtmfRelayIsTheFallback() throws Exception {
        answeredCall(0);
        var digit = control.collectDigits(DigitRequest.single(Duration.ofSeconds(5)));
        assertThat(call.info("application/dtmf-relay", "Signal=7\r\nDuration=160\r\n").get(5, TimeUnit.SECONDS)
                .getStatusCode()).isEqualTo(200);
        assertThat(digit.toCompletableFuture().get(5, TimeUnit.SECONDS).digits()).isEqualTo("7");
        assertThat(call.info("text/plain", "hello").get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(415);
    }

    @Test
    void remoteHoldAndResumeByReInviteAreReportedAndAnswered() throws Exception {
        answeredCall(0);
        var hold = call.reInvite("sendonly").get(5, TimeUnit.SECONDS);
        assertThat(hold.getStatusCode()).isEqualTo(200);
        assertThat(TestPhone.body(hold)).contains("a=recvonly");
        await().atMost(WAIT).until(() -> control.state() == CallState.HELD);
        var resume = call.reInvite("sendrecv").get(5, TimeUnit.SECONDS);
        assertThat(TestPhone.body(resume)).contains("a=sendrecv");
        await().atMost(WAIT).until(() -> control.state() == CallState.ANSWERED);
        assertThat(rig.events).anyMatch(e -> e instanceof CallEvent.Held h && h.byRemote())
                .anyMatch(e -> e instanceof CallEvent.Resumed r && r.byRemote());
    }

    @Test
    void localHoldSendsAReInviteWithSendonly() throws Exception {
        answeredCall(0);
        control.hold().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(control.state()).isEqualTo(CallState.HELD);
        assertThat(call.remoteSdps.get(call.remoteSdps.size() - 1)).contains("a=sendonly");
        control.resume().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(control.state()).isEqualTo(CallState.ANSWERED);
        assertThat(call.remoteSdps.get(call.remoteSdps.size() - 1)).contains("a=sendrecv");
    }

    @Test
    void blindTransferSendsRefer() throws Exception {
        answeredCall(0);
        control.transfer("2000").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void earlyMediaPlaysBeforeAnswerWith183() throws Exception {
        caller = rig.phone("5550001");
        call = caller.call("1000");
        control = rig.nextCall();
        control.play(Playback.of(rig.prompt("beep.wav")));
        await().atMost(WAIT).until(() -> call.statuses.contains(183));
        await().atMost(WAIT).until(() -> call.rtp.audio().size() >= 10);
        assertThat(call.finalStatus).isNotDone();
        control.hangup("busy");
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(486);
    }

    @Test
    void voicemailRecordsTheCallerAfterABeepUntilHash() throws Exception {
        answeredCall(0);
        call.rtp.startTone(500);
        Path file = rig.dir.resolve("vm.wav").toAbsolutePath();
        var rec = control.record(new RecordRequest(new RecordingHandle("vm"), Duration.ofSeconds(5), null, true));
        await().atMost(WAIT).until(() -> call.rtp.audio().size() >= 12); // the 250 ms beep went out
        long before = packetsIn();
        await().atMost(WAIT).until(() -> packetsIn() >= before + 30); // then ~600 ms of our tone came in
        call.rtp.stopTone();
        call.rtp.sendDtmf('#', call.dtmfPayloadType());
        Recording r = rec.toCompletableFuture().get(8, TimeUnit.SECONDS);
        assertThat(r.recording()).isEqualTo(new RecordingHandle("vm"));
        assertThat(r.location()).isEqualTo(file.toString());
        assertThat(r.durationMillis()).isGreaterThan(200);
        assertThat(Audio.channelLevels(file)[0]).isGreaterThan(500);
    }

    @SuppressWarnings("unchecked")
    private long packetsIn() {
        return ((java.util.Map<String, Long>) rig.telephony.stats().get("media")).get("packetsIn");
    }

    @Test
    void anAgentLegDialledForACallerIsOfferedTheCallersCodecFirstSoTheBridgeNeedNotTranscode() throws Exception {
        answeredCall(8); // the caller speaks PCMA
        TestPhone ann = rig.phone("ann");
        assertThat(ann.register("secret-ann", 600).getStatusCode()).isEqualTo(200);
        ann.payloadType = 8; // a phone that takes the first codec offered
        var out = rig.telephony.dial(new DialRequest("agent:ann", "5550000", Duration.ofSeconds(5)), control);
        CallControl agentLeg = out.answered().toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        String offer = new String(agentCall.invite.getRawContent(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(offer).as("PCMA first, PCMU still offered").contains("m=audio ").containsPattern("RTP/AVP 8 0 101\\r?\\n");
        control.bridge(agentLeg, null).toCompletableFuture().get(5, TimeUnit.SECONDS);
        call.rtp.startTone(440);
        await().atMost(WAIT).until(() -> agentCall.rtp.audio().stream().filter(p -> p.level() > 1000).count() >= 10);
        var atAgent = agentCall.rtp.audio();
        assertThat(atAgent.get(atAgent.size() - 1).payloadType()).isEqualTo(8);
        agentLeg.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void bridgedLegsWithDifferentCodecsAreTranscoded() throws Exception {
        answeredCall(8); // the caller speaks PCMA
        TestPhone ann = rig.phone("ann");
        assertThat(ann.register("secret-ann", 600).getStatusCode()).isEqualTo(200);
        var out = rig.telephony.dial(new DialRequest("agent:ann", "5550000", Duration.ofSeconds(5)));
        CallControl agentLeg = out.answered().toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPhone.Call agentCall = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        assertThat(agentCall.invite.getHeader("From").toString()).contains("5550000");
        Path file = rig.dir.resolve("bridge.wav").toAbsolutePath();
        control.bridge(agentLeg, new RecordingHandle("bridge")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        call.rtp.startTone(440);
        agentCall.rtp.startTone(880);
        await().atMost(WAIT).until(() -> agentCall.rtp.audio().stream().filter(p -> p.level() > 1000).count() >= 25);
        await().atMost(WAIT).until(() -> call.rtp.audio().stream().filter(p -> p.level() > 1000).count() >= 25);
        var atAgent = agentCall.rtp.audio();
        assertThat(atAgent.get(atAgent.size() - 1).payloadType()).isEqualTo(0);
        var atCaller = call.rtp.audio();
        assertThat(atCaller.get(atCaller.size() - 1).payloadType()).isEqualTo(8);
        assertThat(atAgent.get(atAgent.size() - 1).level()).isBetween(3000.0, 7000.0);
        agentLeg.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
        agentCall.bye.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> rig.events.stream().anyMatch(e -> e instanceof CallEvent.RecordingAvailable));
        CallEvent.RecordingAvailable available = (CallEvent.RecordingAvailable) rig.events.stream()
                .filter(e -> e instanceof CallEvent.RecordingAvailable).findFirst().orElseThrow();
        assertThat(available.recording()).isEqualTo(new RecordingHandle("bridge"));
        assertThat(available.location()).isEqualTo(file.toString());
        double[] levels = Audio.channelLevels(file);
        assertThat(levels[0]).isGreaterThan(500);
        assertThat(levels[1]).isGreaterThan(500);
    }
}
