package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.ApiClient;
import org.openucc.api.ConsoleClient;
import org.openucc.crm.DemoCustomers;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * The IVR with third-party SIP peers: a sipp caller (the demo A-tier customer's number) dials the
 * main number and presses 1 as RFC 4733 events from sipp's own DTMF capture; a sipp softphone that
 * registered as alice with digest auth answers; alice's console gets the offer with the customer
 * and the IVR path, and hangs up from the console: both sipp peers get their BYE.
 */
@ExtendWith(VertxExtension.class)
class SippIvrCallTest {
    @TempDir
    Path work;

    @Test
    void sippCallerPressesSalesAndTheSippAgentPhoneAnswersWithThePopOnTheConsole(Vertx vertx) throws Exception {
        Sipp.binary(); // fails with the install hint when sipp is missing
        try (DemoVoiceServer demo = new DemoVoiceServer(work.resolve("data"))) {
            String sip = "127.0.0.1:" + demo.contactCenter().sip().port();
            int phonePort = Sipp.freeUdpPort();
            Files.writeString(work.resolve("agents.csv"), "SEQUENTIAL\n2001;alice-phone;\n");
            try (Sipp phone = Sipp.start(work, "alice-phone", "-sf", Sipp.scenario("agent-phone.xml").toString(),
                    "-i", "127.0.0.1", "-p", String.valueOf(phonePort), "-mp", String.valueOf(Sipp.freeMediaPort()),
                    "-rtp_echo", "-m", "1", "-timeout", "90s")) {
                try (Sipp register = Sipp.start(work, "register", sip, "-sf",
                        Sipp.scenario("agent-register.xml").toString(), "-i", "127.0.0.1", "-p",
                        String.valueOf(Sipp.freeUdpPort()), "-inf", work.resolve("agents.csv").toString(), "-au", "2001",
                        "-ap", "alice-phone", "-key", "contact_port", String.valueOf(phonePort), "-m", "1",
                        "-timeout", "10s")) {
                    assertThat(register.await(20)).as("registration:\n%s", register.output()).isZero();
                }
                ApiClient api = ApiClient.cookie(vertx, demo.server.port(), "alice", "alice-demo");
                try (ConsoleClient alice = ConsoleClient.connect(vertx, demo.server.port(), "/ws/agent",
                        api.sessionHeaders())) {
                    alice.next("hello");
                    assertThat(alice.command(new JsonObject().put("type", "ready")).getString("type")).isEqualTo("ack");

                    try (Sipp caller = Sipp.start(work, "caller", sip, "-sf", Sipp.scenario("ivr-caller.xml").toString(),
                            "-i", "127.0.0.1", "-p", String.valueOf(Sipp.freeUdpPort()), "-mp",
                            String.valueOf(Sipp.freeMediaPort()), "-s", "1000", "-key", "from",
                            DemoCustomers.A_TIER.phone(), "-key", "dtmf", "/usr/share/sip-tester/dtmf_2833_1.pcap",
                            "-m", "1", "-timeout", "90s")) {
                        // A key pressed during the menu prompt interrupts it; one pressed before it is
                        // taken once the prompt ends: either way the offer comes after some prompts.
                        JsonObject offer = alice.next("offer", Duration.ofSeconds(60));
                        JsonObject pop = offer.getJsonObject("screenPop");
                        assertThat(pop.getString("queueId")).isEqualTo("sales");
                        assertThat(pop.getJsonObject("customer").getString("id"))
                                .isEqualTo(DemoCustomers.A_TIER.customerId());
                        assertThat(pop.getJsonObject("context").getString("ivr.digits")).isEqualTo("main:main-menu=1");
                        alice.next("connected");
                        JsonObject hangup = alice.command(new JsonObject().put("type", "hangup")
                                .put("interactionId", offer.getString("interactionId")));
                        assertThat(hangup.getString("type")).as(hangup.encode()).isEqualTo("ack");
                        assertThat(caller.await(30)).as("caller:\n%s", caller.output()).isZero();
                        alice.next("wrapUpStarted");

                        List<LogEvent> timeline = demo.timelineWith(offer.getString("interactionId"),
                                LogEventType.ENDED);
                        assertThat(timeline).extracting(LogEvent::type).containsSubsequence(
                                LogEventType.INTERACTION_CREATED, LogEventType.IVR_STEP, LogEventType.IVR_INPUT,
                                LogEventType.QUEUED, LogEventType.OFFERED, LogEventType.CONNECTED, LogEventType.ENDED);
                    }
                }
                assertThat(phone.await(30)).as("agent phone:\n%s", phone.output()).isZero();
            }
        }
    }
}
