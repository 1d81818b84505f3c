package org.openucc.telephony.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.AgiServerThread;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.SipPeersAction;
import org.asteriskjava.manager.action.SipShowPeerAction;
import org.asteriskjava.manager.event.PeerEntryEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.asteriskjava.manager.response.SipShowPeerResponse;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.AgentPhone;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.CallerOptions;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.CallerResult;
import org.openucc.telephony.asterisk.SippAgainstAsterisk.Callers;
import org.openucc.telephony.sip.Sipp;

/**
 * The Asterisk test harness against the real thing: a generated Asterisk boots, AMI answers, sipp
 * agent phones register with digest auth, sipp callers are answered with their RFC 4733 digits
 * seen by Asterisk, app_queue rings the agents, and Asterisk survives kill -9 with AMI reconnecting.
 */
class AsteriskPbxTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void amiAnswersAndARegisteredAgentPhoneIsReachable() throws Exception {
        Sipp.binary();
        try (AsteriskPbx pbx = AsteriskPbx.builder().agent("2001", "pw-2001").qualify(true).build().start()) {
            ManagerConnection ami = ami(pbx);
            try {
                ResponseEvents channels = ami.sendEventGeneratingAction(new CoreShowChannelsAction(), 10_000);
                assertThat(channels.getResponse().getResponse()).isEqualTo("Success");

                try (AgentPhone phone = SippAgainstAsterisk.agent(pbx, pbx.runDir().resolve("sipp"), "2001", "pw-2001")) {
                    phone.awaitRegistered(LIMIT);
                    await("2001 reachable").atMost(LIMIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        ManagerResponse r = ami.sendAction(new SipShowPeerAction("2001"), 10_000);
                        assertThat(r).isInstanceOf(SipShowPeerResponse.class);
                        SipShowPeerResponse peer = (SipShowPeerResponse) r;
                        assertThat(peer.getAddressIp()).isEqualTo("127.0.0.1");
                        assertThat(peer.getAddressPort()).isEqualTo(phone.sipPort());
                        assertThat(peer.getStatus()).as("qualify answered by the phone").startsWith("OK");
                    });
                    ResponseEvents peers = ami.sendEventGeneratingAction(new SipPeersAction(), 10_000);
                    assertThat(peers.getEvents()).filteredOn(PeerEntryEvent.class::isInstance)
                            .map(PeerEntryEvent.class::cast)
                            .anySatisfy(e -> {
                                assertThat(e.getObjectName()).isEqualTo("2001");
                                assertThat(e.getStatus()).startsWith("OK");
                            });

                    phone.unregister();
                    SipShowPeerResponse gone = (SipShowPeerResponse) ami.sendAction(new SipShowPeerAction("2001"), 10_000);
                    assertThat(gone.getAddressPort()).as("no contact after the un-REGISTER").isIn(null, 0);
                }
            } finally {
                ami.logoff();
            }
        }
    }

    @Test
    void aCallerIsAnsweredAndItsDigitsReachAsterisk() {
        Sipp.binary();
        try (AsteriskPbx pbx = AsteriskPbx.builder().echoExtension("600").build().start();
                Callers caller = SippAgainstAsterisk.call(pbx, pbx.runDir().resolve("sipp"),
                        CallerOptions.oneCall("600", Duration.ofSeconds(3)).withDigits("1*1", Duration.ofMillis(300)))) {
            CallerResult result = caller.await(LIMIT);
            assertThat(result.allCompleted(1)).as("%s\n%s\n%s", result, caller.output(), pbx.logTail(40)).isTrue();
            assertThat(result.answered()).isEqualTo(1);
            assertThat(result.hungUpByCaller()).isEqualTo(1);
            String log = read(pbx.fullLog());
            assertThat(countOf(log, "DTMF end '1' received on SIP/")).as(pbx.logTail(40)).isEqualTo(2);
            assertThat(countOf(log, "DTMF end '*' received on SIP/")).as(pbx.logTail(40)).isEqualTo(1);
            assertThat(log).contains("Echo(\"SIP/");
        }
    }

    @Test
    void theHoldMusicPlaysToTheEndAndAsteriskHangsUp() {
        Sipp.binary();
        try (AsteriskPbx pbx = AsteriskPbx.builder().holdMusicExtension("601").build().start();
                Callers caller = SippAgainstAsterisk.call(pbx, pbx.runDir().resolve("sipp"),
                        CallerOptions.oneCall("601", Duration.ofSeconds(60)))) {
            CallerResult result = caller.await(Duration.ofSeconds(60));
            assertThat(result.allCompleted(1)).as("%s\n%s\n%s", result, caller.output(), pbx.logTail(40)).isTrue();
            assertThat(result.hungUpByAsterisk()).isEqualTo(1);
            String log = read(pbx.fullLog());
            assertThat(log).contains("Playing '" + pbx.config().holdMusicFile() + ".");
            assertThat(log).doesNotContain("Unable to open").doesNotContain("No such file");
        }
    }

    @Test
    void appQueueRingsAllAgentsAndTheFirstToAnswerTakesTheCall() {
        Sipp.binary();
        Path work;
        try (AsteriskPbx pbx = AsteriskPbx.builder().agent("2001", "pw-2001").agent("2002", "pw-2002")
                .appQueue("9000", AsteriskConfig.QueueStrategy.RINGALL).build().start()) {
            work = pbx.runDir().resolve("sipp");
            try (AgentPhone fast = SippAgainstAsterisk.agent(pbx, work, "2001", "pw-2001");
                    AgentPhone slow = SippAgainstAsterisk.agent(pbx, work, "2002", "pw-2002",
                            SippAgainstAsterisk.Behaviour.ANSWER, Duration.ofSeconds(5))) {
                fast.awaitRegistered(LIMIT);
                slow.awaitRegistered(LIMIT);
                try (Callers caller = SippAgainstAsterisk.call(pbx, work, CallerOptions.oneCall("9000", Duration.ofSeconds(2)))) {
                    CallerResult result = caller.await(LIMIT);
                    assertThat(result.allCompleted(1)).as("%s\n%s\n%s", result, caller.output(), pbx.logTail(40)).isTrue();
                }
                fast.awaitEnded(1, LIMIT);
                await("2002's ring withdrawn").atMost(LIMIT).until(() -> slow.cancelled() == 1);
                assertThat(fast.answered()).isEqualTo(1);
                assertThat(slow.rings()).isEqualTo(1);
                assertThat(slow.answered()).isZero();
                String log = read(pbx.fullLog());
                assertThat(log).contains("Started music on hold, class 'default'")
                        .contains("SIP/2001-").contains("answered SIP/");
            }
        }
    }

    @Test
    void aBusyPhoneRefusesAndAnUnansweredOneIsCancelledWhenTheCallerLeaves() {
        Sipp.binary();
        try (AsteriskPbx pbx = AsteriskPbx.builder().agent("2001", "pw-2001").agent("2002", "pw-2002")
                .appQueue("9000", AsteriskConfig.QueueStrategy.RINGALL).build().start()) {
            Path work = pbx.runDir().resolve("sipp");
            try (AgentPhone busy = SippAgainstAsterisk.agent(pbx, work, "2001", "pw-2001",
                    SippAgainstAsterisk.Behaviour.BUSY, Duration.ZERO);
                    AgentPhone ringing = SippAgainstAsterisk.agent(pbx, work, "2002", "pw-2002",
                            SippAgainstAsterisk.Behaviour.NO_ANSWER, Duration.ZERO)) {
                busy.awaitRegistered(LIMIT);
                ringing.awaitRegistered(LIMIT);
                try (Callers caller = SippAgainstAsterisk.call(pbx, work, CallerOptions.oneCall("9000", Duration.ofSeconds(3)))) {
                    CallerResult result = caller.await(LIMIT);
                    assertThat(result.allCompleted(1)).as("%s\n%s", result, caller.output()).isTrue();
                    assertThat(result.hungUpByCaller()).as("nobody took the call: the caller gave up").isEqualTo(1);
                }
                await("the unanswered ring withdrawn").atMost(LIMIT).until(() -> ringing.cancelled() == 1);
                assertThat(busy.refusedBusy()).isPositive();
                assertThat(busy.answered() + ringing.answered()).isZero();
                assertThat(read(pbx.fullLog())).contains("SIP/2001-").contains("is busy");
            }
        }
    }

    @Test
    void appQueueRoundRobinSpreadsABurstOfCallsOverTheAgents() {
        Sipp.binary();
        int calls = 12;
        List<String> extensions = List.of("3001", "3002", "3003");
        AsteriskPbx.Builder builder = AsteriskPbx.builder().appQueue("9100", AsteriskConfig.QueueStrategy.RRMEMORY);
        extensions.forEach(e -> builder.agent(e, "pw-" + e));
        try (AsteriskPbx pbx = builder.build().start()) {
            Path work = pbx.runDir().resolve("sipp");
            List<AgentPhone> phones = extensions.stream()
                    .map(e -> SippAgainstAsterisk.agent(pbx, work, e, "pw-" + e)).toList();
            try {
                phones.forEach(p -> p.awaitRegistered(LIMIT));
                try (Callers callers = SippAgainstAsterisk.call(pbx, work,
                        CallerOptions.oneCall("9100", Duration.ofSeconds(1)).load(calls, 6, 3))) {
                    CallerResult result = callers.await(Duration.ofSeconds(60));
                    assertThat(result.allCompleted(calls)).as("%s\n%s\n%s", result, callers.output(), pbx.logTail(40))
                            .isTrue();
                    assertThat(result.answered()).isEqualTo(calls);
                }
                await("all agent legs ended").atMost(LIMIT)
                        .until(() -> phones.stream().mapToInt(AgentPhone::ended).sum() == calls);
                assertThat(phones).allSatisfy(p -> assertThat(p.answered()).as(p.extension()).isPositive());
            } finally {
                phones.forEach(AgentPhone::close);
            }
        }
    }

    @Test
    void aServiceNumberHandsTheCallerToOpenUccsFastAgiPortWithItsDigits() throws Exception {
        Sipp.binary();
        int agiPort = AsteriskPbx.freeTcpPort();
        CompletableFuture<String> seen = new CompletableFuture<>();
        AgiScript openucc = (AgiRequest request, AgiChannel channel) -> {
            try {
                channel.answer();
                String digits = "" + channel.waitForDigit(10_000) + channel.waitForDigit(10_000);
                channel.setVariable("OPENUCC_DONE", "1");
                seen.complete(request.getScript() + " " + request.getExtension() + " " + request.getCallerIdNumber()
                        + " " + digits);
            } catch (RuntimeException | AgiException e) {
                seen.completeExceptionally(e);
            }
        };
        DefaultAgiServer agi = new DefaultAgiServer(openucc);
        agi.setAddress(InetAddress.getLoopbackAddress());
        agi.setPort(agiPort);
        AgiServerThread agiThread = new AgiServerThread(agi);
        agiThread.setDaemon(true);
        agiThread.startup();
        try (AsteriskPbx pbx = AsteriskPbx.builder().agiPort(agiPort).service("8000").build().start();
                Callers caller = SippAgainstAsterisk.call(pbx, pbx.runDir().resolve("sipp"),
                        CallerOptions.oneCall("8000", Duration.ofSeconds(20)).from("4930777")
                                .withDigits("42", Duration.ofMillis(500)))) {
            assertThat(pbx.cli("dialplan show globals")).contains("OPENUCC_AGI=agi://127.0.0.1:" + agiPort);
            CallerResult result = caller.await(LIMIT);
            assertThat(result.allCompleted(1)).as("%s\n%s\n%s", result, caller.output(), pbx.logTail(40)).isTrue();
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("call 8000 4930777 42");
            assertThat(result.hungUpByAsterisk()).as("the dialplan hangs up once OPENUCC_DONE is set").isEqualTo(1);
        } finally {
            agiThread.shutdown();
        }
    }

    @Test
    void afterKillMinus9AsteriskRestartsOnTheSamePortsAndAmiReconnects() throws Exception {
        try (AsteriskPbx pbx = AsteriskPbx.builder().echoExtension("600").build().start()) {
            ManagerConnection ami = ami(pbx);
            try {
                long firstPid = pbx.pid();
                pbx.kill9();
                assertThat(pbx.isRunning()).isFalse();
                await("AMI notices").atMost(LIMIT).until(() -> ami.getState() != ManagerConnectionState.CONNECTED);

                pbx.restart();
                assertThat(pbx.pid()).isNotEqualTo(firstPid);
                assertThat(pbx.cli("sip show settings")).contains("127.0.0.1:" + pbx.sipPort());
                await("AMI reconnected").atMost(LIMIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> ami.getState() == ManagerConnectionState.CONNECTED);
                ResponseEvents channels = ami.sendEventGeneratingAction(new CoreShowChannelsAction(), 10_000);
                assertThat(channels.getResponse().getResponse()).isEqualTo("Success");

                pbx.stop();
                assertThat(pbx.isRunning()).isFalse();
                pbx.start();
                assertThat(pbx.cli("core show uptime")).contains("System uptime");
            } finally {
                ami.logoff();
            }
        }
    }

    @Test
    void aSipPortTakenByAnotherProcessFailsTheStartWithTheCause() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                AsteriskPbx pbx = AsteriskPbx.builder().sipPort(taken.getLocalPort()).build()) {
            assertThatThrownBy(pbx::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not bind").hasMessageContaining("SIP " + taken.getLocalPort());
            assertThat(pbx.isRunning()).isFalse();
        }
    }

    @Test
    void withoutAnAsteriskBinaryTheTestsFailSayingHowToGetOne() {
        assertThatThrownBy(() -> AsteriskPbx.binary(null, null)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(AsteriskPbx.BINARY_PROPERTY).hasMessageContaining(AsteriskPbx.BINARY_ENV)
                .hasMessageContaining("../shared/asterisk/build-asterisk.sh");
        assertThatThrownBy(() -> AsteriskPbx.binary("${env.OPENUCC_ASTERISK_BINARY}", ""))
                .isInstanceOf(AssertionError.class).hasMessageContaining("none is configured");
        assertThatThrownBy(() -> AsteriskPbx.binary(null, "/nonexistent/sbin/asterisk"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("/nonexistent/sbin/asterisk")
                .hasMessageContaining("not an executable file").hasMessageContaining("build-asterisk.sh");
    }

    private static ManagerConnection ami(AsteriskPbx pbx) throws Exception {
        ManagerConnection ami = new ManagerConnectionFactory("127.0.0.1", pbx.amiPort(), pbx.amiUser(), pbx.amiSecret())
                .createManagerConnection();
        ami.login();
        return ami;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int countOf(String text, String part) {
        return (int) List.of(text.split("\n")).stream().filter(l -> l.contains(part)).count();
    }
}
