package org.openucc.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.DemoCustomers;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.IvrRouting;
import org.openucc.routing.NewInteraction;

/**
 * The shipped flows (ivr-scripts/flows) with the demo customers and the demo configuration, branch
 * by branch of the main menu, identification and the VIP route. Callers are scripted; the ACD is a
 * harness the test answers for.
 */
class SampleFlowsTest {
    static final String UNKNOWN = "+4940111222";

    @TempDir
    Path voicemail;

    @Test
    void vipCallerRecognisedByNumberSkipsTheMenuToTheVipQueueWithPriority() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(DemoCustomers.VIP.phone()).then(() -> h.routing.answer("judy"));

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.Queued.class);
        IvrOutcome.Queued queued = (IvrOutcome.Queued) outcome;
        assertThat(queued.agentId()).isEqualTo("judy");
        NewInteraction in = queued.interaction();
        assertThat(in.queueId()).isEqualTo("vip");
        assertThat(in.priority()).isEqualTo(50);
        assertThat(in.tier()).isEqualTo(Tier.VIP);
        assertThat(in.customerId()).isEqualTo(DemoCustomers.VIP.customerId());
        assertThat(in.channel()).isEqualTo(Channel.VOICE);
        assertThat(in.attributes()).containsEntry("ivr.account", "100001")
                .containsEntry("ivr.identifiedBy", "caller-number")
                .containsEntry("ivr.flow", "main")
                .containsEntry("ivr.route", "vip (recognised by caller number)")
                .containsEntry("callerNumber", DemoCustomers.VIP.phone())
                .containsEntry("source", "test");
        assertThat(in.attributes().get("ivr.path")).isEqualTo(
                "main:welcome > main:hours > main:identify-caller > main:vip-check > main:vip > main:vip-welcome"
                        + " > main:to-hold > hold:wait");
        assertThat(call.heard()).startsWith("en/welcome", "en/vip-welcome").doesNotContain("en/main-menu");
        // Position 2, about a minute and a half: "you are number two in the queue; ... two minutes".
        assertThat(call.heard()).containsSequence("en/queue-position", "en/say/2", "en/queue-position-end",
                "en/queue-wait", "en/say/2", "en/queue-minutes", "en/queue-music");
        assertThat(h.journal.lines).contains("identified cus_demo_100001 by caller-number", "finished queued");
    }

    @Test
    void salesIsTheFirstOptionAndTheDigitReachesTheAgent() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("1").then(() -> h.routing.answer("alice"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(q.interaction().queueId()).isEqualTo("sales");
        assertThat(q.interaction().customerId()).isNull();
        assertThat(q.interaction().attributes()).containsEntry("ivr.digits", "main:main-menu=1")
                .containsEntry("ivr.reason", "sales").doesNotContainKey("ivr.account");
        assertThat(call.heard()).containsSequence("en/welcome", "en/main-menu", "en/language-option", "en/please-hold");
        assertThat(h.journal.lines).contains("input main:main-menu 1 accepted");
    }

    @Test
    void aDigitPressedDuringTheMenuInterruptsItAndCounts() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).typeAhead("0").then(() -> h.routing.answer("frank"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(call.interrupted()).containsExactly("en/main-menu");
        assertThat(call.heard()).doesNotContain("en/language-option");
        assertThat(q.interaction().queueId()).isEqualTo("operator");
    }

    @Test
    void whenSalesIsBusyTheCallerIsOfferedACallbackFirst() {
        IvrHarness h = new IvrHarness(voicemail);
        h.routing.figures.put("sales", new IvrRouting.QueueFigures(12, 600_000));
        SimulatedCall call = h.call(UNKNOWN).press("1").press("1");

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.CallbackRequested.class);
        NewInteraction cb = ((IvrOutcome.CallbackRequested) outcome).callback();
        assertThat(cb.channel()).isEqualTo(Channel.CALLBACK);
        assertThat(cb.queueId()).isEqualTo("general");
        assertThat(cb.attributes()).containsEntry("callback.number", UNKNOWN).containsEntry("ivr.reason", "sales");
        assertThat(h.routing.queued).isEmpty();
        assertThat(h.routing.submitted).containsExactly(cb);
        // "We will call you back on 4 9 4 0 1 1 1 2 2 2".
        assertThat(call.heard()).containsSequence("en/sales-busy", "en/callback-confirmed", "en/say/4", "en/say/9",
                "en/say/4", "en/say/0");
        assertThat(call.heard()).endsWith("en/callback-end", "en/thank-you-goodbye");
        assertThat(call.state()).isEqualTo(org.openucc.telephony.CallState.ENDED);
    }

    @Test
    void supportIdentifiesTheCallerByAccountAndPinAndMasksThePin() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("2").press("100001#").press("1234#")
                .then(() -> h.routing.answer("bob"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        NewInteraction in = q.interaction();
        assertThat(in.queueId()).isEqualTo("support");
        assertThat(in.customerId()).isEqualTo(DemoCustomers.VIP.customerId());
        assertThat(in.tier()).isEqualTo(Tier.VIP);
        assertThat(in.priority()).isEqualTo(30);
        assertThat(in.attributes()).containsEntry("ivr.account", "100001")
                .containsEntry("ivr.identifiedBy", "account-pin")
                .containsEntry("ivr.digits", "main:main-menu=2, identify:ask-account=100001, identify:ask-pin=****");
        assertThat(in.attributes().get("ivr.path")).contains("main:support > main:to-identify > identify:ask-account"
                + " > identify:ask-pin > identify:verify > identify:verified");
        assertThat(h.journal.lines).contains("input identify:ask-pin **** accepted")
                .noneMatch(l -> l.contains("1234"));
        assertThat(call.heard()).containsSequence("en/enter-account", "en/enter-pin", "en/identified");
    }

    @Test
    void billingGivesThreeTriesThenQueuesTheCallerUnidentified() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("3")
                .press("100001#").press("9999#")
                .press("100002#").press("1111#")
                .press("123456#").press("1234#")
                .then(() -> h.routing.answer("carol"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(q.interaction().queueId()).isEqualTo("billing");
        assertThat(q.interaction().customerId()).isNull();
        assertThat(q.interaction().attributes()).doesNotContainKey("ivr.account");
        assertThat(call.heard()).filteredOn("en/not-recognised"::equals).hasSize(2);
        assertThat(call.heard()).contains("en/identification-failed");
        assertThat(h.journal.steps()).filteredOn("identify:verify"::equals).hasSize(3);
    }

    @Test
    void aWrongPinThenTheRightOneIdentifiesTheCaller() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("3").press("100002#").press("0000#").press("100002#")
                .press("2345#").then(() -> h.routing.answer("carol"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(q.interaction().customerId()).isEqualTo(DemoCustomers.A_TIER.customerId());
        assertThat(q.interaction().priority()).isZero();
        assertThat(q.interaction().tier()).isEqualTo(Tier.A);
        assertThat(call.heard()).filteredOn("en/not-recognised"::equals).hasSize(1);
    }

    @Test
    void anAccountNumberOfTheWrongShapeIsAskedForAgain() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("3").press("12345#").press("1234567").press("100002#")
                .press("2345#").then(() -> h.routing.answer("carol"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(q.interaction().customerId()).isEqualTo(DemoCustomers.A_TIER.customerId());
        assertThat(call.heard()).filteredOn("en/invalid-account"::equals).hasSize(2);
        assertThat(q.interaction().attributes().get("ivr.digits")).contains(
                "identify:ask-account=12345 (invalid)", "identify:ask-account=1234567 (invalid)",
                "identify:ask-account=100002");
    }

    @Test
    void caseStatusIsReadFromTheStoreForTheIdentifiedCaller() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("4").press("100001#").press("1234#").silence();

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.HungUp.class);
        // "Number of open cases: one. Your most recent case, about refund for delayed shipment, is
        // open. It was opened on March second."
        assertThat(call.heard()).containsSequence("en/open-case-count", "en/say/1", "en/latest-case",
                "en/case-subject/refund-for-delayed-shipment", "en/case-status-open", "en/case-opened-on",
                "en/say/month-3", "en/say/ord-2", "en/agent-or-goodbye", "en/thank-you-goodbye");
        assertThat(h.routing.queued).isEmpty();
    }

    @Test
    void aCallerWithoutOpenCasesHearsSoAndMayAskForAnAgent() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("4").press("100002#").press("2345#").press("1")
                .then(() -> h.routing.answer("bob"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(call.heard()).contains("en/no-open-cases").doesNotContain("en/open-case-count");
        assertThat(q.interaction().queueId()).isEqualTo("support");
        assertThat(q.interaction().attributes()).containsEntry("ivr.reason", "case status");
    }

    @Test
    void invalidChoicesAndSilenceEndAtTheOperator() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("7").silence().press("#").then(() -> h.routing.answer("frank"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(q.interaction().queueId()).isEqualTo("operator");
        assertThat(call.heard()).filteredOn("en/main-menu"::equals).hasSize(3);
        assertThat(call.heard()).containsSequence("en/invalid-option", "en/main-menu");
        assertThat(call.heard()).containsSequence("en/no-input", "en/main-menu");
        assertThat(call.heard()).contains("en/connecting-operator");
        assertThat(q.interaction().attributes().get("ivr.digits"))
                .isEqualTo("main:main-menu=7 (invalid), main:main-menu= (no input), main:main-menu=# (invalid)");
    }

    @Test
    void nineSwitchesToChineseWithTheLanguageSkillAndBack() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("9").press("1").then(() -> h.routing.answer("bob"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(call.heard()).containsSequence("en/main-menu", "en/language-option", "zh/main-menu",
                "zh/language-option", "zh/please-hold");
        assertThat(q.interaction().skills()).containsExactlyEntriesOf(Map.of("lang-zh", 5));
        assertThat(q.interaction().attributes()).containsEntry("ivr.language", "zh");

        IvrHarness h2 = new IvrHarness(voicemail);
        SimulatedCall back = h2.call(UNKNOWN).press("9").press("9").press("1").then(() -> h2.routing.answer("alice"));
        IvrOutcome.Queued q2 = (IvrOutcome.Queued) h2.run(back, "main");
        assertThat(q2.interaction().skills()).isEmpty();
        assertThat(back.heard()).contains("en/please-hold");
    }

    @Test
    void callerHangingUpInTheMenuEndsTheIvrAtThatNode() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).hangUp();

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.CallerHungUp.class);
        assertThat(((IvrOutcome.CallerHungUp) outcome).atNode()).isEqualTo("main-menu");
        assertThat(h.journal.lines).last().isEqualTo("finished caller-hung-up");
    }

    @Test
    void aStoreFailureDuringRecognitionFallsBackToTheMenu() {
        IvrHarness h = new IvrHarness(voicemail);
        h.directory.down = true;
        SimulatedCall call = h.call(DemoCustomers.VIP.phone()).press("0").then(() -> h.routing.answer("frank"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(call.heard()).contains("en/main-menu");
        assertThat(q.interaction().queueId()).isEqualTo("operator");
    }

    @Test
    void orderStatusIsReadFromTheBackOfficeWithAmountDateAndTime() {
        IvrHarness h = new IvrHarness(voicemail);
        h.http.reply = new org.openucc.ivr.runtime.HttpFetcher.Reply(200, Map.of(
                "/total", new java.math.BigDecimal("49.90"), "/shippedOn", "2026-03-05", "/deliveryTime", "14:30"));
        SimulatedCall call = h.call(UNKNOWN).press("5").press("4711#").silence();

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.HungUp.class);
        assertThat(h.http.requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.url()).isEqualTo("http://127.0.0.1:8099/orders/4711");
            assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(3));
        });
        // "forty nine euros and ninety cents ... March fifth ... two thirty p m".
        assertThat(call.heard()).containsSequence("en/order-total", "en/say/40", "en/say/9", "en/say/euros",
                "en/say/and", "en/say/90", "en/say/cents", "en/order-shipped-on", "en/say/month-3", "en/say/ord-5",
                "en/order-delivery-at", "en/say/2", "en/say/30", "en/say/pm");
    }

    @Test
    void anUnreachableBackOfficeSendsTheCallerToAnAgent() {
        IvrHarness h = new IvrHarness(voicemail);
        h.http.failure = new IllegalStateException("connection refused");
        SimulatedCall call = h.call(UNKNOWN).press("5").press("4711#").then(() -> h.routing.answer("bob"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(call.heard()).contains("en/order-unavailable");
        assertThat(q.interaction().queueId()).isEqualTo("support");
        assertThat(q.interaction().attributes()).containsEntry("ivr.reason", "order status");
    }
}
