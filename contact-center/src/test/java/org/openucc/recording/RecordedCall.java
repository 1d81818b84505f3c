package org.openucc.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openucc.ContactCenter;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.log.LogQuery;
import org.openucc.routing.RoutingCommand;
import org.openucc.telephony.sip.Sipp;

/**
 * A real call that leaves a real recording, for tests of what is done with recordings: a sipp softphone
 * registers as demo agent bob (digest auth), bob goes ready, a sipp caller with G.711 audio dials the demo
 * support number 1004, bob's phone answers (echoing the audio), the caller hangs up after a few seconds; the
 * built-in stack records the bridge and the log indexes it (RECORDING_AVAILABLE).
 *
 * @param recordingId the RECORDING_AVAILABLE event's id, what the API names the recording by
 */
public record RecordedCall(String interactionId, long recordingId, Path wav) {

    /** Makes the call on a started server whose config is the demo's (SIP on a free port, recordCalls on). */
    public static RecordedCall make(ContactCenter server, Path work) throws Exception {
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
            server.routing().send(new RoutingCommand.Login("bob", true)).toCompletableFuture().join();
            try (Sipp caller = Sipp.start(work, "caller", sip, "-sf", Sipp.scenario("caller.xml").toString(),
                    "-i", "127.0.0.1", "-p", String.valueOf(Sipp.freeUdpPort()), "-mp", String.valueOf(Sipp.freeMediaPort()),
                    "-s", "1004", "-key", "pcap", Sipp.G711A_PCAP.toString(), "-d", "3000", "-m", "1", "-timeout", "40s")) {
                assertThat(caller.await(50)).as("caller:\n%s", caller.output()).isZero();
            }
            assertThat(phone.await(20)).as("agent phone:\n%s", phone.output()).isZero();
        }
        var log = server.store().interactionLog();
        LogEvent recording = await().atMost(Duration.ofSeconds(20)).until(() -> {
            log.flush().join();
            return log.events(LogQuery.all().types(java.util.Set.of(LogEventType.RECORDING_AVAILABLE))).events()
                    .stream().findFirst().orElse(null);
        }, e -> e != null);
        Path wav = Path.of(recording.detail("path"));
        assertThat(wav).isRegularFile();
        return new RecordedCall(recording.interactionId(), recording.id(), wav);
    }
}
