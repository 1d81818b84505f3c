package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.TestServer;
import org.openucc.config.TrunkConfig;
import org.openucc.crm.PageRequest;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEventType;
import org.openucc.outbound.AmdMode;
import org.openucc.outbound.Campaign;
import org.openucc.outbound.CampaignDraft;
import org.openucc.outbound.CampaignRecord;
import org.openucc.outbound.CampaignService;
import org.openucc.outbound.CallingWindow;
import org.openucc.outbound.DialingMode;
import org.openucc.outbound.RecordDraft;
import org.openucc.outbound.RetrySchedule;
import org.openucc.telephony.sip.SipTestPhone;

/**
 * A preview campaign on the agent page in headless Chromium, real SIP on loopback (the customer a test phone
 * behind a trunk): the preview card shows the record, alice clicks Dial, talks, hangs up and wraps up with a
 * "call back at" time, which becomes the record's next attempt.
 */
class PreviewBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void theAgentSeesThePreviewCardDialsAndSchedulesACallbackAtWrapUp() throws Exception {
        try (SipTestPhone customer = SipTestPhone.open("customer", 9);
             TestServer server = TestServer.start(dataDir, c -> c.withSip(c.sip().withTrunks(List.of(
                     new TrunkConfig("net", "127.0.0.1", customer.port(), "udp", null, List.of(), "+4930555000",
                             false, List.of(), List.of())))));
             SipTestPhone alicePhone = SipTestPhone.open("2001", server.contactCenter().sip().port());
             Browser agent = Browser.open(server.port())) {
            assertThat(alicePhone.register("alice-phone", 3600)).isEqualTo(200);
            InteractionLog log = server.contactCenter().store().interactionLog();
            CampaignService campaigns = server.contactCenter().store().campaigns();
            agent.logIn("alice", "alice-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.click("#btn-ready");
            agent.waitForAttribute("#agent-state", "data-state", "READY");

            Campaign campaign = campaigns.create(new CampaignDraft("Renewals", "telesales", DialingMode.PREVIEW,
                    "+4930555000", 15, 3.0, 3, new RetrySchedule(Map.of(), Set.of()),
                    new CallingWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, EnumSet.allOf(DayOfWeek.class)),
                    AmdMode.OFF, null, "campaign-identification", false));
            campaigns.addRows(campaign.id(), List.of(new RecordDraft(0, "+49301234565", null, "Greta Renner",
                    Map.of("contract", "K-2291", "renewal", "2027-01-31"), null)));
            campaigns.start(campaign.id());

            agent.waitForVisible("#preview-card", true);
            agent.waitForText("#preview-campaign", "Renewals");
            agent.waitForText("#preview-name", "Greta Renner");
            agent.waitForText("#preview-phone", "+49301234565");
            assertThat(agent.text("#preview-fields")).contains("contract").contains("K-2291");
            String recordId = String.valueOf(agent.script(
                    "return document.querySelector('#preview-card').dataset.recordId"));
            agent.screenshot(Path.of("target", "screenshots", "agent-preview.png"));

            agent.click("#btn-preview-dial");
            agent.waitForVisible("#preview-card", false);
            agent.waitForAttribute("#interaction-state", "data-state", "CONNECTED");
            String id = agent.text("#interaction-id");
            await().atMost(WAIT).until(() -> {
                log.flush().join();
                return log.timeline(id).stream().anyMatch(e -> e.type() == LogEventType.DIAL_OUT_RESULT
                        && "ANSWERED".equals(e.detail("result")));
            });
            assertThat(log.timeline(id).get(0).detail("attr.recordId")).isEqualTo(recordId);

            agent.click("#btn-hangup");
            await().atMost(WAIT).until(() -> customer.callsEnded() == 1);
            agent.waitForVisible("#wrapup-form", true);
            agent.waitForVisible("#wrapup-callback", true);
            agent.select("#wrapup-disposition", "follow-up");
            // Tomorrow at 10:00 local time.
            java.time.LocalDate today = java.time.LocalDate.now();
            agent.script("const d = new Date(Date.now() + 86400000); d.setHours(10, 0, 0, 0);"
                    + " const p = n => String(n).padStart(2, '0');"
                    + " document.querySelector('#wrapup-callback-at').value = d.getFullYear() + '-' + p(d.getMonth() + 1)"
                    + " + '-' + p(d.getDate()) + 'T10:00';");
            agent.click("#btn-wrapup");
            agent.waitForVisible("#interaction-panel", false);

            await().atMost(WAIT).until(() -> campaigns.record(recordId).state() == CampaignRecord.State.PENDING);
            CampaignRecord r = campaigns.record(recordId);
            assertThat(r.lastOutcome()).isEqualTo("follow-up");
            // What the agent picked, to the minute (not "12 to 36 hours ahead": after 22:00 tomorrow 10:00 is closer).
            java.time.ZonedDateTime at = r.nextAttemptAt().atZone(java.time.ZoneId.systemDefault());
            assertThat(at.toLocalTime()).isEqualTo(java.time.LocalTime.of(10, 0));
            assertThat(at.toLocalDate()).isIn(today.plusDays(1), java.time.LocalDate.now().plusDays(1));
            assertThat(r.nextAttemptAt()).isAfter(Instant.now());
            assertThat(server.contactCenter().outbound().previews().callbackOwner(recordId)).isEqualTo("alice");
            assertThat(campaigns.records(campaign.id(), Set.of(), new PageRequest(0, 10)).items()).hasSize(1);
            assertThat(agent.consoleErrors()).isEmpty();
        }
    }
}
