package org.openucc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServerConfig;
import org.openucc.config.StoreConfig;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.routing.RoutingCommand;
import org.openucc.telephony.sip.Audio;
import org.openucc.telephony.sip.Sipp;

/**
 * Issue 4's "done when", on the whole server with the shipped demo configuration: a sipp softphone
 * registers as demo agent bob (digest auth), bob goes ready, a sipp caller with RTP dials the demo
 * support number 1004, bob's phone rings and answers, audio flows both ways, the caller hangs up;
 * the interaction log holds the timeline and the recording, which has both parties' audio.
 */
class VoiceEndToEndTest {
    @TempDir
    Path work;
    ContactCenter server;

    @BeforeEach
    void start() throws Exception {
        ContactCenterConfig demo = new ConfigLoader().load(Path.of("../config/contact-center.yaml"));
        ContactCenterConfig config = TestConfigs.alwaysOpen(demo).withServer(new ServerConfig("127.0.0.1", 0, work.resolve("data").toString()))
                // No demo data: the test finds its call among bob's events, and the demo history names bob too.
                .withStore(new StoreConfig(null, null, null, 0, null, false, 0, 0, 0, 8))
                .withSip(DemoServerTest.onFreePort(demo.sip()));
        server = new ContactCenter(config);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aSippCallerReachesTheRegisteredDemoAgentAndTheCallIsLoggedAndRecorded() throws Exception {
        Sipp.binary(); // fails with the install hint when sipp is missing
        String sip = "127.0.0.1:" + server.sip().port();
        int phonePort = Sipp.freeUdpPort();
        Files.writeString(work.resolve("agents.csv"), "SEQUENTIAL\n2002;bob-phone;\n");
        try (Sipp phone = Sipp.start(work, "bob-phone", "-sf", Sipp.scenario("agent-phone.xml").toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(phonePort), "-mp", String.valueOf(Sipp.freeMediaPort()),
                "-rtp_echo", "-m", "1", "-timeout", "40s")) {
            try (Sipp register = Sipp.start(work, "register", sip, "-sf", Sipp.scenario("agent-register.xml").toString(),
                    "-i", "127.0.0.1", "-p", String.valueOf(Sipp.freeUdpPort()), "-inf", work.resolve("agents.csv").toString(),
                    "-au", "2002", "-ap", "bob-phone", "-key", "contact_port", String.valueOf(phonePort), "-m", "1",
                    "-timeout", "10s")) {
                assertThat(register.await(20)).as("registration:\n%s", register.output()).isZero();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.sip().telephony().isReachable("bob"));
            server.routing().send(new RoutingCommand.Login("bob", true)).join();

            try (Sipp caller = Sipp.start(work, "caller", sip, "-sf", Sipp.scenario("caller.xml").toString(),
                    "-i", "127.0.0.1", "-p", String.valueOf(Sipp.freeUdpPort()), "-mp", String.valueOf(Sipp.freeMediaPort()),
                    "-s", "1004", "-key", "pcap", Sipp.G711A_PCAP.toString(), "-d", "4000", "-m", "1", "-timeout", "40s")) {
                assertThat(caller.await(50)).as("caller:\n%s", caller.output()).isZero();
            }
            assertThat(phone.await(20)).as("agent phone:\n%s", phone.output()).isZero();
        }

        var log = server.store().interactionLog();
        String interaction = await().atMost(Duration.ofSeconds(10)).until(() -> {
            log.flush().join();
            return log.events(org.openucc.log.LogQuery.forAgent("bob")).events().stream()
                    .filter(e -> e.type() == LogEventType.CONNECTED).map(LogEvent::interactionId).findFirst().orElse(null);
        }, id -> id != null);
        List<LogEventType> timeline = await().atMost(Duration.ofSeconds(15)).until(() -> {
            log.flush().join();
            return log.timeline(interaction).stream().map(LogEvent::type).toList();
        }, t -> t.contains(LogEventType.RECORDING_AVAILABLE));
        assertThat(timeline).containsSubsequence(LogEventType.QUEUED, LogEventType.OFFERED, LogEventType.CONNECTED,
                LogEventType.ENDED);
        LogEvent recording = log.timeline(interaction).stream()
                .filter(e -> e.type() == LogEventType.RECORDING_AVAILABLE).findFirst().orElseThrow();
        Path wav = Path.of(String.valueOf(recording.details().get("path")));
        assertThat(wav).exists();
        double[] levels = Audio.channelLevels(wav);
        assertThat(levels[0]).as("caller's audio (left)").isGreaterThan(100);
        assertThat(levels[1]).as("agent's audio (right)").isGreaterThan(100);
    }
}
