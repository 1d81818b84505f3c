package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.ServiceNumber;
import org.openucc.config.SipConfig;
import org.openucc.config.TrunkConfig;
import org.openucc.limits.Rejections;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;
import org.openucc.telephony.media.RecordingFiles;

/**
 * SIP trunks over real SIP on loopback: sipp plays the carrier and "the public network" behind it
 * (answers, busy, never answers; digest challenges for REGISTER and INVITE), the built-in stack dials
 * numbers over the trunk, and strangers, agents' phones and the trunk itself cannot make it dial out.
 */
class SipTrunkTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String TRUNK_SOURCE = "127.0.0.3";
    static final String STRANGER = "127.0.0.2";

    final List<AutoCloseable> closing = new ArrayList<>();
    SipTelephony telephony;
    final LinkedBlockingQueue<CallControl> inbound = new LinkedBlockingQueue<>();
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void makeDir() throws Exception {
        dir = Files.createTempDirectory("openucc-trunks");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    // ------------------------------------------------------------------ outbound over an address-based trunk

    @Test
    void numbersGoOutOverTheTrunkRewrittenWithItsCallerIdAndBusyAndNoAnswerMapAsForPhones() throws Exception {
        int port = Sipp.freeUdpPort();
        Path messages = dir.resolve("network-messages.log");
        Sipp network = sipp("public-network", "public-network.xml", port, "-m", "3", "-trace_msg", "-message_file",
                messages.toString());
        start(List.of(trunk("carrier", port, List.of("+49"), null), trunk("usa", Sipp.freeUdpPort(), List.of("+1"), null)));

        // E.164 in: the carrier is sent the national form, and the trunk's caller ID whatever the request said.
        OutboundCall answered = telephony.dial(new DialRequest("+49 30 1234561", "+4940555", Duration.ofSeconds(10)));
        CallControl call = answered.answered().toCompletableFuture().get(10, TimeUnit.SECONDS);
        call.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);

        // A national number is read in the store's region (DE): 0171... is +49171..., and busy is busy.
        OutboundCall busy = telephony.dial(new DialRequest("0171 2345672", null, Duration.ofSeconds(10)));
        assertThat(endCause(busy)).isEqualTo(EndCause.BUSY);

        // Ringing without an answer ends NO_ANSWER at the ring timeout, with a CANCEL the network confirms.
        OutboundCall silent = telephony.dial(new DialRequest("+4930 1234563", null, Duration.ofSeconds(2)));
        assertThat(endCause(silent)).isEqualTo(EndCause.NO_ANSWER);

        assertThat(network.await(20)).as(network.output()).isZero();
        List<String> invites = invites(messages);
        assertThat(invites).hasSize(3);
        assertThat(invites.get(0)).startsWith("INVITE sip:0301234561@127.0.0.1:" + port + " SIP/2.0")
                .containsPattern("(?m)^From: <sip:\\+4930999000@");
        assertThat(invites.get(1)).startsWith("INVITE sip:01712345672@127.0.0.1:" + port + " ");
        assertThat(invites.get(2)).startsWith("INVITE sip:0301234563@127.0.0.1:" + port + " ")
                .contains("CANCEL sip:0301234563@");
        assertThat(telephony.stats()).extractingByKey("invitesOut").isEqualTo(3L);
    }

    @Test
    void aNumberNoTrunkServesOrNoNumberAtAllEndsFailedWithTheReasonAndReachesSaysSoUpFront() throws Exception {
        start(List.of(trunk("carrier", Sipp.freeUdpPort(), List.of("+49"), null)));
        assertThat(telephony.reaches("+4930123456")).isTrue();
        assertThat(telephony.reaches("030 123456")).isTrue();
        assertThat(telephony.reaches("+12125550100")).isFalse();
        assertThat(telephony.reaches("not a number")).isFalse();
        assertThat(telephony.reaches("agent:ann")).isFalse();

        assertThat(failure(telephony.dial(new DialRequest("+12125550100", null, Duration.ofSeconds(5)))))
                .satisfies(e -> assertThat(e.endCause()).isEqualTo(EndCause.FAILED))
                .satisfies(e -> assertThat(e.detail()).contains("no SIP trunk serves +12125550100").contains("+49"));
        assertThat(failure(telephony.dial(new DialRequest("call me maybe", null, Duration.ofSeconds(5)))))
                .satisfies(e -> assertThat(e.endCause()).isEqualTo(EndCause.FAILED))
                .satisfies(e -> assertThat(e.detail()).contains("cannot dial call me maybe").contains("not a phone number"));
    }

    @Test
    void withoutTrunksNumbersFailAsBeforeAndNothingIsReachable() throws Exception {
        start(List.of());
        assertThat(telephony.reaches("+4930123456")).isFalse();
        assertThat(failure(telephony.dial(new DialRequest("+4930123456", null, Duration.ofSeconds(5)))).detail())
                .contains("no SIP trunk is configured to reach +4930123456");
    }

    @Test
    void carrierFailuresAndRefusalsEndTheLegFailedNamingTheTrunk() throws Exception {
        int port = Sipp.freeUdpPort();
        Sipp network = sipp("failures", "public-network.xml", port, "-m", "2");
        start(List.of(trunk("carrier", port, List.of("+49"), null)));
        CallEndedException unavailable = failure(telephony.dial(new DialRequest("+4930 1234564", null,
                Duration.ofSeconds(10))));
        assertThat(unavailable.endCause()).isEqualTo(EndCause.FAILED);
        assertThat(unavailable.detail()).isEqualTo("trunk carrier: 503 Service Unavailable");
        // A carrier's 403 is the carrier refusing us, not the callee declining: FAILED, not REJECTED.
        CallEndedException forbidden = failure(telephony.dial(new DialRequest("+4930 1234565", null,
                Duration.ofSeconds(10))));
        assertThat(forbidden.endCause()).isEqualTo(EndCause.FAILED);
        assertThat(forbidden.detail()).isEqualTo("trunk carrier: 403 Forbidden");
        assertThat(network.await(20)).as(network.output()).isZero();
    }

    @Test
    void aTrunkThatNeverAnswersEndsTheLegFailedNamingTheTrunk() throws Exception {
        int port = Sipp.freeUdpPort(); // nobody listens there
        start(List.of(trunk("deaf", port, List.of(), null)));
        CallEndedException e = failure(telephony.dial(new DialRequest("+4930123456", null, Duration.ofSeconds(2))));
        assertThat(e.endCause()).isEqualTo(EndCause.FAILED);
        assertThat(e.detail()).startsWith("trunk deaf: no response to the INVITE");
    }

    /**
     * The same for a direct SIP URI (an agent's phone's host, a test peer): with no provisional response no CANCEL
     * may be sent, so the leg used to wait for Timer B (32 s) after its ring timeout; it ends at the ring timeout.
     */
    @Test
    void aDirectSipUriThatNeverAnswersEndsFailedAtItsRingTimeout() throws Exception {
        int port = Sipp.freeUdpPort(); // nobody listens there
        start(List.of());
        CallEndedException e = failure(telephony.dial(new DialRequest("sip:nobody@127.0.0.1:" + port, null,
                Duration.ofSeconds(2))));
        assertThat(e.endCause()).isEqualTo(EndCause.FAILED);
        assertThat(e.detail()).isEqualTo("no response to the INVITE within 2 s");
    }

    @Test
    void theRequestsCallerIdIsPresentedOnlyWhereTheTrunkAllowsIt() throws Exception {
        int port = Sipp.freeUdpPort();
        TrunkConfig open = new TrunkConfig("open", "127.0.0.1", port, "udp", null, List.of(), "+4930999000", true,
                List.of(), List.of());
        Path messages = dir.resolve("override-messages.log");
        Sipp network = sipp("override", "public-network.xml", port, "-m", "1", "-trace_msg", "-message_file",
                messages.toString());
        start(List.of(open));
        CallControl call = telephony.dial(new DialRequest("+4930 1234561", "+4940555666", Duration.ofSeconds(10)))
                .answered().toCompletableFuture().get(10, TimeUnit.SECONDS);
        call.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(network.await(20)).as(network.output()).isZero();
        assertThat(invites(messages)).singleElement().satisfies(invite -> assertThat(invite)
                .startsWith("INVITE sip:+49301234561@") // no rewrite rules: E.164 as is
                .containsPattern("(?m)^From: <sip:\\+4940555666@"));
    }

    // ------------------------------------------------------------------ digest authentication and registration

    @Test
    void aTrunkWithCredentialsRegistersAndAnswersTheCarriersChallengeToItsInvite() throws Exception {
        int port = Sipp.freeUdpPort();
        Path messages = dir.resolve("carrier-messages.log");
        Sipp carrier = sipp("carrier", "carrier-auth.xml", port, "-m", "2", "-key", "user", "acme", "-key", "pass",
                "s3cret-acme", "-key", "expires", "3600", "-trace_msg", "-message_file", messages.toString());
        start(List.of(trunk("carrier", port, List.of("+49"), new TrunkConfig.Registration("acme", null, "s3cret-acme",
                Duration.ofHours(1)))));
        await().atMost(WAIT).until(() -> "REGISTERED".equals(trunkStats("carrier").get("registration")));
        assertThat(telephony.degraded()).isEmpty();

        CallControl call = telephony.dial(new DialRequest("+4930 1234561", null, Duration.ofSeconds(10)))
                .answered().toCompletableFuture().get(10, TimeUnit.SECONDS);
        call.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(carrier.await(20)).as(carrier.output()).isZero();
        List<String> invites = invites(messages);
        assertThat(invites).hasSize(2);
        assertThat(invites.get(0)).doesNotContain("Authorization:");
        assertThat(invites.get(1)).contains("Authorization: Digest").contains("username=\"acme\"")
                .contains("realm=\"carrier.example\"").containsPattern("(?m)^CSeq: 2 INVITE");
    }

    @Test
    void aCarrierChallengeToATrunkWithoutCredentialsFailsTheCallNamingTheTrunk() throws Exception {
        int port = Sipp.freeUdpPort();
        Sipp carrier = sipp("carrier-wrong", "carrier-auth.xml", port, "-m", "1", "-key", "user", "acme", "-key", "pass",
                "other", "-key", "expires", "3600");
        start(List.of(trunk("carrier", port, List.of(), null)));
        CallEndedException e = failure(telephony.dial(new DialRequest("+4930 1234561", null, Duration.ofSeconds(10))));
        assertThat(e.endCause()).isEqualTo(EndCause.FAILED);
        assertThat(e.detail()).isEqualTo("trunk carrier: 401 Unauthorized (the carrier asks for credentials; the trunk"
                + " has none: give it register.username and its secret)");
        carrier.close();
    }

    @Test
    void registrationIsRefreshedBeforeItExpiresAndARefusedOneShowsInHealthAndFailsCalls() throws Exception {
        int port = Sipp.freeUdpPort();
        int badPort = Sipp.freeUdpPort();
        Sipp registrar = sipp("registrar", "carrier-registrar.xml", port, "-m", "1", "-key", "user", "acme",
                "-key", "pass", "s3cret-acme", "-key", "expires", "2");
        Sipp strict = sipp("strict", "carrier-registrar.xml", badPort, "-m", "1", "-key", "user", "acme",
                "-key", "pass", "s3cret-acme", "-key", "expires", "2");
        start(List.of(
                trunk("carrier", port, List.of("+49"), new TrunkConfig.Registration("acme", null, "s3cret-acme",
                        Duration.ofHours(1))),
                trunk("wrongpass", badPort, List.of("+1"), new TrunkConfig.Registration("acme", null, "not-it",
                        Duration.ofHours(1)))));

        // Granted 2 s, the trunk registers again (challenge and all) before that runs out: sipp's second round.
        assertThat(registrar.await(20)).as(registrar.output()).isZero();
        await().atMost(WAIT).until(() -> ((Number) trunkStats("carrier").get("registrations")).longValue() >= 2);
        assertThat(trunkStats("carrier")).containsEntry("registration", "REGISTERED");

        assertThat(strict.await(20)).as(strict.output()).isZero();
        await().atMost(WAIT).until(() -> "FAILED".equals(trunkStats("wrongpass").get("registration")));
        assertThat((String) trunkStats("wrongpass").get("detail")).contains("403 Forbidden");
        assertThat(telephony.degraded()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("trunk wrongpass is not registered: registration failed: 403 Forbidden"));
        CallEndedException e = failure(telephony.dial(new DialRequest("+12125550100", null, Duration.ofSeconds(5))));
        assertThat(e.endCause()).isEqualTo(EndCause.FAILED);
        assertThat(e.detail()).startsWith("trunk wrongpass is not registered");
    }

    // ------------------------------------------------------------------ no open relay

    @Test
    void nobodyMakesTheServerDialOutButTheTrunkMayCallTheServiceNumber() throws Exception {
        int port = Sipp.freeUdpPort();
        Path messages = dir.resolve("relay-messages.log");
        Sipp network = sipp("relay", "public-network.xml", port, "-m", "1", "-trace_msg", "-message_file",
                messages.toString());
        start(List.of(trunk("carrier", port, List.of("+49"), null)));

        // A stranger is challenged for an outside number, like for anything but a service number.
        TestPhone stranger = phone("mallory", STRANGER);
        TestPhone.Call strangerCall = stranger.call("+4930123456");
        assertThat(strangerCall.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(407);
        // An agent's phone that authenticates still cannot dial out through the server.
        TestPhone ann = phone("ann", STRANGER);
        TestPhone.Call annCall = ann.authenticate(ann.call("004930123456"), "secret-ann");
        assertThat(annCall.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(403);
        assertThat(annCall.finalResponse.get().getReasonPhrase()).contains("dial out from the console");
        // The carrier itself sending a call for an outside number back to us would loop: 404.
        TestPhone fromTrunk = phone("5551234", TRUNK_SOURCE);
        assertThat(fromTrunk.call("+4930123456").finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(404);
        assertThat(inbound).isEmpty();

        // ...while the carrier's call for the service number is taken without a challenge.
        TestPhone.Call customer = fromTrunk.call(SipRig.NUMBER, "+4930555123");
        CallControl atServer = inbound.poll(5, TimeUnit.SECONDS);
        assertThat(atServer).isNotNull();
        assertThat(atServer.info().from()).isEqualTo("+4930555123");
        atServer.answer().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(customer.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);

        // The first INVITE that ever reached the trunk is the server's own dial-out, placed now.
        CallControl out = telephony.dial(new DialRequest("+4930 1234561", null, Duration.ofSeconds(10)))
                .answered().toCompletableFuture().get(10, TimeUnit.SECONDS);
        out.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(network.await(20)).as(network.output()).isZero();
        assertThat(invites(messages)).singleElement().satisfies(i -> assertThat(i).startsWith("INVITE sip:0301234561@"));
        atServer.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void blindTransferToAnOutsideNumberAsksTheCallerToCallItAtTheTrunk() throws Exception {
        int port = Sipp.freeUdpPort();
        start(List.of(trunk("carrier", port, List.of("+49"), null)));
        TestPhone fromTrunk = phone("5551234", TRUNK_SOURCE);
        TestPhone.Call customer = fromTrunk.call(SipRig.NUMBER, "+4930555123");
        CallControl call = inbound.poll(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        call.answer().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(customer.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);

        call.transfer("030 1234567").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(customer.referTo.get(5, TimeUnit.SECONDS)).contains("sip:0301234567@127.0.0.1:" + port);
        call.hangup("done").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ rig

    /** An address-based trunk on 127.0.0.1:port (inbound from {@link #TRUNK_SOURCE}), national format for +49. */
    static TrunkConfig trunk(String id, int port, List<String> prefixes, TrunkConfig.Registration register) {
        return new TrunkConfig(id, "127.0.0.1", port, "udp", register, List.of(TRUNK_SOURCE), "+4930999000", false,
                prefixes, List.of(new TrunkConfig.Rewrite("^\\+49", "0")));
    }

    void start(List<TrunkConfig> trunks) throws Exception {
        SipConfig config = new SipConfig("127.0.0.1", 0, Set.of("udp", "tcp"), SipRig.REALM, 45_000, 49_999,
                List.of(new ServiceNumber(SipRig.NUMBER, "support", null)),
                List.of(SipCredentials.account("ann", "ann", SipRig.REALM, "secret-ann")), SipRig.promptDir().toString(),
                null, Duration.ofSeconds(5), dir.toString(), Duration.ofSeconds(1), Duration.ofHours(1), true)
                .withTrunks(trunks);
        ThreadPools pools = new ThreadPools();
        telephony = new SipTelephony(config, SipCredentials.of(config.accounts()), SipRig.promptFiles(),
                RecordingFiles.in(dir), pools, new Rejections(), Map.of(), "DE", name -> null);
        telephony.onInboundCall(inbound::add);
        telephony.start();
        closing.add(telephony::stop);
    }

    Sipp sipp(String name, String scenario, int port, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-sf", Sipp.scenario("trunk/" + scenario).toString(), "-i",
                "127.0.0.1", "-p", String.valueOf(port), "-mp", String.valueOf(Sipp.freeMediaPort())));
        all.addAll(List.of(args));
        Sipp s = Sipp.start(dir, name, all.toArray(String[]::new));
        closing.add(s);
        // A REGISTER or INVITE sent before sipp has bound its port would wait for a retransmission.
        await().atMost(WAIT).until(() -> !s.isAlive() || listening(port));
        assertThat(s.isAlive()).as(s.output()).isTrue();
        return s;
    }

    TestPhone phone(String user, String host) throws Exception {
        TestPhone p = new TestPhone(user, host, "127.0.0.1", telephony.port());
        closing.add(p::close);
        return p;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> trunkStats(String id) {
        return ((List<Map<String, Object>>) telephony.stats().get("trunks")).stream()
                .filter(m -> id.equals(m.get("id"))).findFirst().orElseThrow();
    }

    /** Whether a UDP socket is bound to the port, from /proc/net/udp (probing by binding it would race sipp). */
    static boolean listening(int udpPort) throws java.io.IOException {
        String hex = String.format(":%04X ", udpPort);
        return Files.readAllLines(Path.of("/proc/net/udp")).stream().anyMatch(l -> l.contains(hex));
    }

    static EndCause endCause(OutboundCall call) throws Exception {
        return failure(call).endCause();
    }

    static CallEndedException failure(OutboundCall call) throws Exception {
        CompletableFuture<CallControl> f = call.answered().toCompletableFuture();
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CallEndedException.class);
            return (CallEndedException) e.getCause();
        }
        throw new AssertionError("call " + call.callId() + " was answered");
    }

    /** The INVITE requests sipp received (and what followed each), from its -trace_msg log. */
    static List<String> invites(Path messageLog) throws Exception {
        String log = Files.readString(messageLog);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^INVITE sip:").matcher(log);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
        }
        for (int i = 0; i < starts.size(); i++) {
            out.add(log.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : log.length()));
        }
        return out;
    }
}
