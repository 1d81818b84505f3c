package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openucc.config.SipLimits;

/**
 * A real third-party flood: sipp from 127.0.0.2 places 20 calls at 50/s to the service number while
 * one source may hold 2 calls. Two reach agents; the other 18 get 486 Busy Here with Retry-After and
 * no RTP port; a customer from 127.0.0.1 reaches the third agent meanwhile.
 */
class SippFloodTest {

    @Test
    void sippFloodFromOneAddressGets486WithRetryAfterWhileACustomerFromAnotherReachesAnAgent() throws Exception {
        String sipp = Sipp.binary(); // fails with the install hint when sipp is missing
        SipLimits limits = new SipLimits(List.of(), 2, 1000, Duration.ofMinutes(1), 1000, Duration.ofSeconds(20),
                5, 20, Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (SipRig rig = new SipRig(limits, 40_000, 44_999, Map.of())) {
            TestPhone ann = rig.readyAgent("ann");
            TestPhone bob = rig.readyAgent("bob");
            TestPhone cho = rig.readyAgent("cho");
            Path work = rig.dataDir;
            Path messages = work.resolve("flood-messages.log");
            try (Sipp flood = Sipp.start(work, "flood", "127.0.0.1:" + rig.telephony.port(), "-sf",
                    Sipp.scenario("flood-caller.xml").toString(), "-i", "127.0.0.2", "-p", String.valueOf(Sipp.freeUdpPort()), "-mp",
                    String.valueOf(Sipp.freeMediaPort()), "-s", SipRig.NUMBER, "-r", "50", "-m", "20", "-l", "20",
                    "-d", "6000", "-timeout", "40s", "-trace_msg", "-message_file", messages.toString())) {
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        rig.rejections.total("sip", "calls-per-source") >= 10);

                TestPhone.Call customer = rig.phone("5551234", "127.0.0.1").call(SipRig.NUMBER);
                assertThat(customer.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> List.of(ann, bob, cho).stream()
                        .flatMap(p -> p.incoming.stream()).anyMatch(c -> c.fromUser().equals("5551234")));
                customer.bye().get(5, TimeUnit.SECONDS);

                assertThat(flood.await(60)).as("sipp flood:\n%s", flood.output()).isZero();
            }
            String log = Files.readString(messages);
            long busy = log.lines().filter(l -> l.startsWith("SIP/2.0 486")).count();
            long answered = log.lines().filter(l -> l.startsWith("SIP/2.0 200 OK")).count();
            long retryAfter = log.lines().filter(l -> l.startsWith("Retry-After: 20")).count();
            // sipp logs what it received once per message (a retransmitted 486 would show twice).
            assertThat(busy).as("486 Busy Here received by sipp").isGreaterThanOrEqualTo(18);
            assertThat(retryAfter).as("Retry-After on every 486").isEqualTo(busy);
            assertThat(rig.rejections.total("sip", "calls-per-source")).isEqualTo(18);
            assertThat(answered).as("200s (2 INVITEs, 2 BYEs)").isGreaterThanOrEqualTo(4);
            assertThat(rig.telephony.stats().get("invitesIn")).isEqualTo(3L); // 2 of the flood + the customer
            assertThat(sipp).isNotBlank();
        }
    }
}
