package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openucc.routing.RoutingEvent;

/**
 * Interop with sipp: a sipp agent phone registers with digest auth and answers; a sipp caller with
 * RTP (a G.711 A-law pcap) dials the service number, is queued, reaches the agent, talks, hangs up.
 */
class SippInteropTest {

    @Test
    void sippCallerReachesASippAgentPhoneThatRegisteredWithDigestAuth() throws Exception {
        String sipp = Sipp.binary(); // fails with the install hint when missing
        assertThat(Sipp.G711A_PCAP).as("sipp's sample pcap (package sip-tester)").exists();
        try (SipRig rig = new SipRig()) {
            Path work = rig.dataDir;
            String server = "127.0.0.1:" + rig.telephony.port();
            int phonePort = Sipp.freeUdpPort();
            int phoneMedia = Sipp.freeMediaPort();
            Files.writeString(work.resolve("agents.csv"), "SEQUENTIAL\nann;secret-ann;\n");

            try (Sipp phone = Sipp.start(work, "agent-phone", "-sf", Sipp.scenario("agent-phone.xml").toString(),
                    "-i", "127.0.0.1", "-p", String.valueOf(phonePort), "-mp", String.valueOf(phoneMedia), "-rtp_echo",
                    "-m", "1", "-timeout", "30s")) {
                try (Sipp register = Sipp.start(work, "register", server, "-sf", Sipp.scenario("agent-register.xml")
                        .toString(), "-i", "127.0.0.1", "-p", String.valueOf(Sipp.freeUdpPort()), "-inf",
                        work.resolve("agents.csv").toString(), "-au", "ann", "-ap", "secret-ann", "-key", "contact_port", String.valueOf(phonePort), "-m", "1",
                        "-timeout", "10s")) {
                    assertThat(register.await(20)).as("sipp registration:\n%s", register.output()).isZero();
                }
                assertThat(rig.telephony.isReachable("ann")).isTrue();
                rig.routing.send(new org.openucc.routing.RoutingCommand.Login("ann", true)).toCompletableFuture().join();

                try (Sipp caller = Sipp.start(work, "caller", server, "-sf", Sipp.scenario("caller.xml").toString(),
                        "-i", "127.0.0.1", "-p", String.valueOf(Sipp.freeUdpPort()), "-mp",
                        String.valueOf(Sipp.freeMediaPort()), "-s", SipRig.NUMBER, "-key", "pcap",
                        Sipp.G711A_PCAP.toString(), "-d", "4000", "-m", "1", "-timeout", "30s")) {
                    assertThat(caller.await(40)).as("sipp caller:\n%s", caller.output()).isZero();
                }
                assertThat(phone.await(20)).as("sipp agent phone:\n%s", phone.output()).isZero();
            }
            assertThat(sipp).isNotBlank();
            await().atMost(Duration.ofSeconds(10)).until(() -> !rig.events(RoutingEvent.InteractionEnded.class).isEmpty());
            assertThat(rig.events(RoutingEvent.InteractionConnected.class).get(0).agentId()).isEqualTo("ann");
            await().atMost(Duration.ofSeconds(10)).until(() -> !rig.recordings.isEmpty());
            double[] levels = Audio.channelLevels(rig.recordings.get(0));
            assertThat(levels[0]).as("caller audio from the pcap (left)").isGreaterThan(100);
            assertThat(levels[1]).as("agent audio: sipp's RTP echo (right)").isGreaterThan(100);
        }
    }
}
