package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.api.TestServer;
import org.openucc.config.DialOutConfig;
import org.openucc.crm.DemoCustomers;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.telephony.sip.SipTestPhone;

/**
 * Dial-out from the agent page in headless Chromium, with real SIP phones on loopback: alice dials from
 * the dial pad, sends DTMF from the keypad, hangs up and wraps up; then calls the VIP customer from a
 * customer search result and from a number on the customer's card.
 */
class DialOutBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void agentDialsFromTheDialPadSendsDtmfAndCallsFromTheSearchAndTheCustomerCard() throws Exception {
        try (SipTestPhone customer = SipTestPhone.open("customer", 9);
             TestServer server = TestServer.start(dataDir, c -> c.withChannels(c.channels().withDialOut(
                     new DialOutConfig(true, "outbound", "sip:{number}@127.0.0.1:" + customer.port(), "1000",
                             Duration.ofSeconds(10), 10, null))));
             SipTestPhone alicePhone = SipTestPhone.open("2001", server.contactCenter().sip().port());
             Browser agent = Browser.open(server.port())) {
            assertThat(alicePhone.register("alice-phone", 3600)).isEqualTo(200);
            InteractionLog log = server.contactCenter().store().interactionLog();
            agent.logIn("alice", "alice-demo");
            agent.waitForAttribute("#conn-status", "data-status", "open");
            agent.click("#btn-ready");
            agent.waitForAttribute("#agent-state", "data-state", "READY");

            // 1. The dial pad: typed and clicked digits, then Call.
            agent.find("#dial-number").sendKeys("+4930");
            for (String key : List.of("1", "2", "3", "4", "5", "6")) {
                agent.click("#dial-keys button[data-key='" + key + "']");
            }
            assertThat(agent.script("return document.querySelector('#dial-number').value")).isEqualTo("+4930123456");
            agent.click("#btn-dial");
            String first = connected(agent, log, 1);
            agent.waitForText("#interaction-channel", "OUTBOUND_VOICE");
            agent.waitForText("#customer-name", DemoCustomers.VIP.name());
            assertThat(agent.isVisible("#offer")).as("no offer to accept for the agent's own call").isFalse();

            // DTMF from the keypad reaches the customer's side.
            agent.waitForVisible("#dtmf-pad", true);
            agent.click("#dtmf-keys button[data-dtmf='5']");
            agent.click("#dtmf-keys button[data-dtmf='#']");
            await().atMost(WAIT).until(() -> customer.dtmfEvents().equals(List.of(5, 11)));
            agent.screenshot(Path.of("target", "screenshots", "agent-dial-out.png"));

            hangUpAndWrapUp(agent, customer, log, first, 1, "sale");

            // 2. From a customer search result: the customer's number on file.
            agent.find("#search-input").sendKeys("Vogel");
            agent.click("#search-form button[type=submit]");
            agent.click("#search-results button[data-call-customer='" + DemoCustomers.VIP.customerId() + "']");
            String second = connected(agent, log, 2);
            assertThat(created(log, second).customerId()).isEqualTo(DemoCustomers.VIP.customerId());
            hangUpAndWrapUp(agent, customer, log, second, 2, "follow-up");

            // 3. From a number on the customer's card (opened from the search).
            agent.click("#search-results button[data-customer-id='" + DemoCustomers.VIP.customerId() + "']");
            agent.click("#customer-contacts button[data-call-number]");
            String third = connected(agent, log, 3);
            hangUpAndWrapUp(agent, customer, log, third, 3, "resolved");

            for (String id : List.of(first, second, third)) {
                LogEvent c = created(log, id);
                assertThat(c.details()).containsEntry("channel", "OUTBOUND_VOICE");
                assertThat(log.timeline(id)).filteredOn(e -> e.type() == LogEventType.DIAL_OUT_RESULT).singleElement()
                        .satisfies(e -> assertThat(e.details()).containsEntry("result", "ANSWERED")
                                .containsEntry("number", DemoCustomers.VIP.phone()));
            }
            assertThat(agent.consoleErrors()).isEmpty();
        }
    }

    /** Waits for the page to show the n-th call connected and the customer's phone to have answered it. */
    private static String connected(Browser agent, InteractionLog log, int n) {
        agent.waitForAttribute("#interaction-state", "data-state", "CONNECTED");
        String id = agent.text("#interaction-id");
        await().atMost(WAIT).until(() -> {
            log.flush().join();
            return log.timeline(id).stream().anyMatch(e -> e.type() == LogEventType.DIAL_OUT_RESULT);
        });
        return id;
    }

    private static void hangUpAndWrapUp(Browser agent, SipTestPhone customer, InteractionLog log, String id, int n,
                                        String disposition) {
        agent.click("#btn-hangup");
        await().atMost(WAIT).until(() -> customer.callsEnded() == n);
        agent.waitForVisible("#wrapup-form", true);
        agent.select("#wrapup-disposition", disposition);
        agent.click("#btn-wrapup");
        agent.waitForVisible("#interaction-panel", false);
        await().atMost(WAIT).until(() -> {
            log.flush().join();
            return log.timeline(id).stream().anyMatch(e -> e.type() == LogEventType.DISPOSITION
                    && disposition.equals(e.details().get("code")));
        });
    }

    private static LogEvent created(InteractionLog log, String id) {
        return log.timeline(id).stream().filter(e -> e.type() == LogEventType.INTERACTION_CREATED).findFirst()
                .orElseThrow();
    }
}
