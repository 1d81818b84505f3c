package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openucc.config.SipLimits;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;

/**
 * The limits of the SIP door, each over real SIP on loopback: the abuser (sending from 127.0.0.2 or
 * other 127.x addresses) is refused while a legitimate client from another address is served at the
 * same time. Every refusal is counted in the rig's {@link org.openucc.limits.Rejections}.
 */
class SipDoorLimitsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String ABUSER = "127.0.0.2";
    static final String LEGIT = "127.0.0.1";

    SipRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    static SipLimits limits(int callsPerSource, int invitesPerSource, int waitingPerQueue) {
        return new SipLimits(List.of(), callsPerSource, invitesPerSource, Duration.ofMinutes(1), waitingPerQueue,
                Duration.ofSeconds(20), 3, 10, Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    // ------------------------------------------------------------------ strangers

    @Test
    void strangerIsChallengedForAnAgentOrAnOutsideNumberWhileACallerOfTheServiceNumberReachesTheAgent()
            throws Exception {
        rig = new SipRig(SipLimits.DEFAULTS, 40_000, 44_999, Map.of());
        TestPhone ann = rig.readyAgent("ann");
        TestPhone stranger = rig.phone("mallory", ABUSER);

        for (String target : List.of("ann", "+4930555000", "00900123456", "9999")) {
            TestPhone.Call call = stranger.call(target);
            assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).as("INVITE to %s", target).isEqualTo(407);
            assertThat(call.finalResponse.get().getHeader(ProxyAuthenticateHeader.NAME)).isNotNull();
            assertThat(call.statuses).as("refused before ringing or media").doesNotContain(180, 183, 200);
        }
        // Guessing the password does not help either: 403, and it counts towards the lockout.
        TestPhone.Call guessed = stranger.authenticate(stranger.call("ann"), "guess");
        assertThat(guessed.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(403);

        TestPhone.Call customer = rig.phone("5551234", LEGIT).call(SipRig.NUMBER);
        assertThat(customer.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        TestPhone.Call atAnn = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        assertThat(atAnn.fromUser()).isEqualTo("5551234");
        assertThat(ann.incoming).hasSize(1); // the stranger never made the agent's phone ring
        assertThat(rig.rejections.total("sip", "stranger-invite")).isEqualTo(5);
        assertThat(rig.rejections.total("sip", "invite-auth")).isEqualTo(1);
        customer.bye().get(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ calls per source

    @Test
    void callsBeyondTheCapOfOneSourceGet486WithRetryAfterBeforeTakingAPortWhileAnotherSourceGetsThrough()
            throws Exception {
        rig = new SipRig(limits(3, 1000, 1000), 40_000, 44_999, Map.of());
        TestPhone flood = rig.phone("flood", ABUSER);
        List<TestPhone.Call> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(flood.call(SipRig.NUMBER, "flood" + i));
        }
        List<Integer> finals = new ArrayList<>();
        for (TestPhone.Call c : calls) {
            finals.add(c.finalStatus.get(5, TimeUnit.SECONDS));
        }
        assertThat(finals).filteredOn(s -> s == 200).hasSize(3);
        assertThat(finals).filteredOn(s -> s == 486).hasSize(9);
        for (TestPhone.Call c : calls) {
            if (c.finalStatus.get() == 486) {
                RetryAfterHeader ra = (RetryAfterHeader) c.finalResponse.get().getHeader(RetryAfterHeader.NAME);
                assertThat(ra).as("Retry-After on 486").isNotNull();
                assertThat(ra.getRetryAfter()).isEqualTo(20);
                assertThat(c.statuses).as("no ringing, no media offered").doesNotContain(180);
            }
        }
        // Only the three admitted calls hold RTP sessions.
        await().atMost(WAIT).until(() -> callSessions() == 3);
        assertThat(rig.rejections.total("sip", "calls-per-source")).isEqualTo(9);

        // A caller from another address gets through meanwhile and reaches an agent.
        TestPhone.Call customer = rig.phone("5551234", LEGIT).call(SipRig.NUMBER);
        assertThat(customer.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        // Once one of the flood's calls ends, its place is free again.
        calls.get(finals.indexOf(200)).bye().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> callSessions() == 3);
        assertThat(flood.call(SipRig.NUMBER, "flood-again").finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
    }

    @Test
    void inviteRateOfOneSourceIsCappedWith503AndRetryAfterWhileAnotherSourceIsServedByAnAgent() throws Exception {
        rig = new SipRig(limits(1000, 4, 1000), 40_000, 44_999, Map.of());
        TestPhone flood = rig.phone("flood", ABUSER);
        List<TestPhone.Call> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(flood.call(SipRig.NUMBER, "flood" + i));
        }
        int refused = 0;
        for (TestPhone.Call c : calls) {
            int status = c.finalStatus.get(5, TimeUnit.SECONDS);
            assertThat(status).isIn(200, 503);
            if (status == 503) {
                refused++;
                RetryAfterHeader ra = (RetryAfterHeader) c.finalResponse.get().getHeader(RetryAfterHeader.NAME);
                assertThat(ra.getRetryAfter()).isBetween(1, 60);
            }
        }
        assertThat(refused).isEqualTo(6);
        assertThat(rig.rejections.total("sip", "invite-rate-per-source")).isEqualTo(6);
        for (TestPhone.Call c : calls) {
            if (c.finalStatus.get() == 200) {
                c.bye().get(5, TimeUnit.SECONDS);
            }
        }
        await().atMost(WAIT).until(() -> rig.flow.liveCalls().isEmpty());
        TestPhone ann = rig.readyAgent("ann");
        TestPhone.Call customer = rig.phone("5551234", LEGIT).call(SipRig.NUMBER);
        assertThat(customer.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        await().atMost(WAIT).until(() -> ann.incoming.stream().anyMatch(c -> c.fromUser().equals("5551234")));
        await().atMost(WAIT).until(() -> rig.events(RoutingEvent.InteractionConnected.class).stream()
                .anyMatch(e -> e.agentId().equals("ann")));
        customer.bye().get(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ waiting per queue

    @Test
    void aQueueFullOfWaitingCallsAnswers486UntilAnAgentTakesOne() throws Exception {
        // The queue's own maxWaiting (2) wins over sip.limits.maxWaitingPerQueue (1000).
        rig = new SipRig(limits(1000, 1000, 1000), 40_000, 44_999, Map.of("support", 2));
        TestPhone.Call first = rig.phone("5550001", "127.0.0.3").call(SipRig.NUMBER);
        TestPhone.Call second = rig.phone("5550002", "127.0.0.4").call(SipRig.NUMBER);
        assertThat(first.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(second.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        TestPhone.Call third = rig.phone("5550003", "127.0.0.5").call(SipRig.NUMBER);
        assertThat(third.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(486);
        assertThat(((RetryAfterHeader) third.finalResponse.get().getHeader(RetryAfterHeader.NAME)).getRetryAfter())
                .isEqualTo(20);
        assertThat(third.finalResponse.get().getReasonPhrase()).contains("waiting");
        assertThat(rig.rejections.total("sip", "waiting-per-queue")).isEqualTo(1);

        // An agent takes the first caller: one place frees up, and the next caller gets in.
        assertThat(waiting("support")).isEqualTo(2);
        TestPhone ann = rig.readyAgent("ann");
        ann.firstIncoming.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> waiting("support") == 1);
        TestPhone.Call fourth = rig.phone("5550004", "127.0.0.5").call(SipRig.NUMBER);
        assertThat(fourth.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        for (TestPhone.Call c : List.of(first, second, fourth)) {
            c.bye().get(5, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ RTP ports

    @Test
    void whenRtpPortsRunOutCallsGet503WithRetryAfterAndHealthSaysWhyUntilAPortIsFree() throws Exception {
        int base = freeRtpRange(4);
        rig = new SipRig(limits(1000, 1000, 1000), base, base + 7, Map.of()); // 4 RTP sessions
        assertThat(rig.telephony.degraded()).isEmpty();
        List<TestPhone.Call> holding = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TestPhone.Call c = rig.phone("555000" + i, "127.0.0." + (10 + i)).call(SipRig.NUMBER);
            assertThat(c.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
            holding.add(c);
        }
        TestPhone.Call refused = rig.phone("5550009", "127.0.0.20").call(SipRig.NUMBER);
        assertThat(refused.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(503);
        assertThat(((RetryAfterHeader) refused.finalResponse.get().getHeader(RetryAfterHeader.NAME)).getRetryAfter())
                .isEqualTo(20);
        assertThat(rig.telephony.degraded()).get().asString().contains("no free RTP port");
        assertThat(rig.rejections.total("sip", "rtp-ports")).isEqualTo(1);

        holding.get(0).bye().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> rig.telephony.degraded().map(r -> r.contains("ran out")).orElse(false));
        TestPhone.Call served = rig.phone("5550010", "127.0.0.21").call(SipRig.NUMBER);
        assertThat(served.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        for (TestPhone.Call c : List.of(holding.get(1), holding.get(2), holding.get(3), served)) {
            c.bye().get(5, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ REGISTER

    @Test
    void registerGuessingIsLockedOutWhileTheRealPhoneRegistersFromItsOwnAddress() throws Exception {
        rig = new SipRig(limits(1000, 1000, 1000), 40_000, 44_999, Map.of());
        TestPhone realAnn = rig.phone("ann", LEGIT);
        assertThat(realAnn.register("secret-ann", 600).getStatusCode()).isEqualTo(200);

        TestPhone guesser = rig.phone("ann", ABUSER);
        for (int i = 0; i < 3; i++) {
            assertThat(guesser.register("guess-" + i, 600).getStatusCode()).isEqualTo(403);
        }
        // Locked: even the right password is refused from the guesser's address, with the same reply.
        Response locked = guesser.register("secret-ann", 600);
        assertThat(locked.getStatusCode()).isEqualTo(403);
        assertThat(locked.getReasonPhrase()).isEqualTo("Forbidden");
        assertThat(rig.rejections.total("sip", "register-lockout-user")).isEqualTo(1);

        // The real phone, from its own address, is not locked out.
        assertThat(realAnn.register("secret-ann", 600).getStatusCode()).isEqualTo(200);
        assertThat(rig.telephony.isReachable("ann")).isTrue();

        // Moving on to other names locks the whole address after 10 failures.
        for (String name : List.of("bob", "cho", "dan", "eve", "fay", "gus", "hal")) {
            assertThat(rig.phone(name, ABUSER).register("guess", 600).getStatusCode()).isEqualTo(403);
        }
        assertThat(rig.phone("bob", ABUSER).register("secret-bob", 600).getStatusCode()).isEqualTo(403);
        assertThat(rig.rejections.total("sip", "register-lockout-source")).isEqualTo(1);
        assertThat(rig.telephony.isReachable("bob")).isFalse();

        // Meanwhile bob's own phone registers for the first time from another address.
        assertThat(rig.phone("bob", "127.0.0.3").register("secret-bob", 600).getStatusCode()).isEqualTo(200);
        assertThat(rig.telephony.isReachable("bob")).isTrue();
        assertThat(rig.rejections.total("sip", "register-auth")).isEqualTo(10);
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameReply() throws Exception {
        rig = new SipRig(limits(1000, 1000, 1000), 40_000, 44_999, Map.of());
        Response unknown = rig.phone("nobody", "127.0.0.3").register("guess", 600);
        Response wrong = rig.phone("ann", "127.0.0.4").register("guess", 600);
        assertThat(unknown.getStatusCode()).isEqualTo(wrong.getStatusCode()).isEqualTo(403);
        assertThat(unknown.getReasonPhrase()).isEqualTo(wrong.getReasonPhrase());
        assertThat(headerNames(unknown)).isEqualTo(headerNames(wrong));
        assertThat(unknown.getRawContent()).isEqualTo(wrong.getRawContent());
        // Both were challenged the same way first: a 401 with a realm and a fresh nonce.
        assertThat(rig.rejections.total("sip", "register-auth")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ helpers

    private int waiting(String queue) {
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) rig.telephony.stats().get("limits");
        @SuppressWarnings("unchecked")
        Map<String, Integer> byQueue = (Map<String, Integer>) limits.get("waitingByQueue");
        return byQueue.getOrDefault(queue, 0);
    }

    private long callSessions() {
        @SuppressWarnings("unchecked")
        Map<String, Object> media = (Map<String, Object>) rig.telephony.stats().get("media");
        return ((Number) media.get("callSessions")).longValue();
    }

    private static List<String> headerNames(Response r) {
        List<String> names = new ArrayList<>();
        r.getHeaderNames().forEachRemaining(n -> names.add(String.valueOf(n)));
        return names;
    }

    /**
     * The first of {@code sessions} RTP sessions' worth of free even UDP ports (2 each) on 127.0.0.1,
     * found by asking the system for a free port and checking the ones after it.
     */
    static int freeRtpRange(int sessions) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                base = probe.getLocalPort() & ~1;
            }
            if (base < 1024 || base + 2 * sessions > 65_535) {
                continue;
            }
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int p = base; p < base + 2 * sessions; p++) {
                    held.add(new DatagramSocket(p, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (java.net.SocketException taken) {
                // one is in use: try elsewhere
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IllegalStateException("no " + 2 * sessions + " consecutive free UDP ports on 127.0.0.1");
    }
}
