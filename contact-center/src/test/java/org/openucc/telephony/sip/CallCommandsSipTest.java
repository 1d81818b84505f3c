package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * The agent console's call control on a real call: hold, resume, transfer and hang-up sent over the
 * agent WebSocket reach the caller's phone as SIP (re-INVITE sendonly / sendrecv, REFER, BYE) and are
 * in the interaction log.
 */
@ExtendWith(VertxExtension.class)
class CallCommandsSipTest {
    static final java.time.Duration WAIT = DemoVoiceServer.WAIT;

    @TempDir
    Path dataDir;
    DemoVoiceServer demo;
    DemoVoiceServer.Agent alice;
    TestPhone callerPhone;
    TestPhone.Call caller;
    TestPhone.Call agentLeg;
    String interactionId;

    @BeforeEach
    void connectedCall(Vertx vertx) throws Exception {
        demo = new DemoVoiceServer(dataDir);
        alice = demo.readyAgent(vertx, "alice", "2001");
        callerPhone = demo.phone("5551234");
        caller = callerPhone.call("1001"); // the sales number, straight to the queue
        assertThat(caller.finalStatus.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        agentLeg = alice.phone().firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        interactionId = alice.console().next("offer").getString("interactionId");
        alice.console().next("connected");
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void holdPutsTheCallerOnHoldWithMusicAndResumeTakesThemBack() throws Exception {
        int sdpsBefore = caller.remoteSdps.size();
        assertThat(command("hold").getString("type")).isEqualTo("ack");
        await().atMost(WAIT).until(() -> caller.remoteSdps.size() > sdpsBefore);
        assertThat(last(caller.remoteSdps)).contains("a=sendonly");
        int heard = caller.rtp.audio().size(); // the agent sends nothing: what arrives now is the hold music
        await().atMost(WAIT).until(() -> caller.rtp.audio().size() >= heard + 50);
        List<RtpProbe.Packet> music = caller.rtp.audio().subList(heard, heard + 50);
        assertThat(music.stream().mapToDouble(RtpProbe.Packet::level).max().orElse(0)).isGreaterThan(500);

        JsonObject again = command("hold");
        assertThat(again.getString("type")).isEqualTo("error");
        assertThat(again.getInteger("status")).isEqualTo(409);
        assertThat(again.encode()).contains("already on hold");

        int sdpsHeld = caller.remoteSdps.size();
        assertThat(command("resume").getString("type")).isEqualTo("ack");
        await().atMost(WAIT).until(() -> caller.remoteSdps.size() > sdpsHeld);
        assertThat(last(caller.remoteSdps)).contains("a=sendrecv");
        caller.rtp.startTone(440);
        int atAgent = agentLeg.rtp.audio().size();
        await().atMost(WAIT).until(() -> agentLeg.rtp.audio().size() >= atAgent + 25); // talking again

        List<LogEvent> timeline = demo.timelineWith(interactionId, LogEventType.RESUMED);
        assertThat(timeline).extracting(LogEvent::type).containsSubsequence(LogEventType.CONNECTED, LogEventType.HELD,
                LogEventType.RESUMED);
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.HELD).singleElement()
                .satisfies(e -> assertThat(e.agentId()).isEqualTo("alice"));

        assertThat(command("hangup").getString("type")).isEqualTo("ack");
        demo.timelineWith(interactionId, LogEventType.ENDED);
        var cdr = demo.contactCenter().store().interactionLog().summary(interactionId).orElseThrow();
        assertThat(cdr.holdMillis()).as("the CDR counts the time on hold").isPositive();
    }

    @Test
    void hangupFromTheConsoleEndsBothLegsAndStartsWrapUp() throws Exception {
        assertThat(command("hangup").getString("type")).isEqualTo("ack");
        caller.bye.get(5, TimeUnit.SECONDS);
        agentLeg.bye.get(5, TimeUnit.SECONDS);
        alice.console().next("wrapUpStarted");
        List<LogEvent> timeline = demo.timelineWith(interactionId, LogEventType.ENDED);
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.ENDED).first()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "hung up by agent alice"));

        JsonObject late = command("hold");
        assertThat(late.getString("type")).isEqualTo("error");
        assertThat(late.getInteger("status")).isEqualTo(409);
    }

    @Test
    void blindTransferAsksTheCallersPhoneToCallTheNumberThenReleasesBothLegs() throws Exception {
        JsonObject bad = alice.console().command(new JsonObject().put("type", "transfer")
                .put("interactionId", interactionId).put("destination", "sales; DROP"));
        assertThat(bad.getString("type")).isEqualTo("error");
        assertThat(bad.getInteger("status")).isEqualTo(400);

        JsonObject ok = alice.console().command(new JsonObject().put("type", "transfer")
                .put("interactionId", interactionId).put("destination", "1002"));
        assertThat(ok.getString("type")).as(ok.encode()).isEqualTo("ack");
        assertThat(caller.referTo.get(5, TimeUnit.SECONDS)).contains("sip:1002@127.0.0.1");
        caller.bye.get(5, TimeUnit.SECONDS);
        agentLeg.bye.get(5, TimeUnit.SECONDS);
        List<LogEvent> timeline = demo.timelineWith(interactionId, LogEventType.ENDED);
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.TRANSFERRED).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("destination", "1002"));
    }

    @Test
    void aTransferTheCallersPhoneRefusesFailsWithItsReasonAndTheCallGoesOn() throws Exception {
        callerPhone.referStatus = 603;
        JsonObject refused = alice.console().command(new JsonObject().put("type", "transfer")
                .put("interactionId", interactionId).put("destination", "1002"));
        assertThat(refused.getString("type")).isEqualTo("error");
        assertThat(refused.getInteger("status")).isEqualTo(409);
        assertThat(refused.getString("message")).contains("transfer to 1002 failed").contains("603");
        assertThat(caller.bye).isNotDone();

        caller.rtp.startTone(440);
        int atAgent = agentLeg.rtp.audio().size();
        await().atMost(WAIT).until(() -> agentLeg.rtp.audio().size() >= atAgent + 25); // still talking
        assertThat(command("hangup").getString("type")).isEqualTo("ack");
        caller.bye.get(5, TimeUnit.SECONDS);
    }

    @Test
    void transferToAnotherQueueReleasesTheAgentAndRingsTheNextAgentWhileTheCallerStaysOn(Vertx vertx)
            throws Exception {
        DemoVoiceServer.Agent bob = demo.readyAgent(vertx, "bob", "2002");
        JsonObject ok = alice.console().command(new JsonObject().put("type", "transfer")
                .put("interactionId", interactionId).put("queueId", "support"));
        assertThat(ok.getString("type")).as(ok.encode()).isEqualTo("ack");
        agentLeg.bye.get(5, TimeUnit.SECONDS);
        alice.console().next("wrapUpStarted");

        TestPhone.Call bobLeg = bob.phone().firstIncoming.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(bob.console().next("offer").getString("interactionId")).isEqualTo(interactionId);
        bob.console().next("connected");
        assertThat(caller.bye).isNotDone();
        caller.rtp.startTone(440);
        await().atMost(WAIT).until(() -> bobLeg.rtp.audio().size() >= 25);
        assertThat(caller.bye().get(5, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
        bobLeg.bye.get(5, TimeUnit.SECONDS);
        List<LogEvent> timeline = demo.timelineWith(interactionId, LogEventType.ENDED);
        assertThat(timeline).extracting(LogEvent::type).containsSubsequence(LogEventType.CONNECTED,
                LogEventType.TRANSFERRED, LogEventType.QUEUED, LogEventType.OFFERED, LogEventType.CONNECTED);
        assertThat(timeline).filteredOn(e -> e.type() == LogEventType.RECORDING_AVAILABLE).hasSizeGreaterThanOrEqualTo(1);
    }

    private JsonObject command(String type) {
        return alice.console().command(new JsonObject().put("type", type).put("interactionId", interactionId));
    }

    private static String last(List<String> list) {
        return list.get(list.size() - 1);
    }
}
