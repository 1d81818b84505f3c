package org.openucc.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.crm.DemoCustomers;
import org.openucc.interaction.Channel;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.QueueTicket;
import org.openucc.routing.NewInteraction;
import org.openucc.telephony.CallState;

/**
 * The shipped flows outside the opening hours (callback, voicemail) and while waiting in a queue
 * (announcements, the long-wait callback offer, max wait, a full queue, hanging up).
 */
class AfterHoursAndQueueTest {
    static final String UNKNOWN = SampleFlowsTest.UNKNOWN;

    @TempDir
    Path voicemail;

    @Test
    void outOfHoursCallerHearsTheOpeningHoursAndLeavesAVoicemailForAgents() throws Exception {
        IvrHarness h = new IvrHarness(voicemail, IvrHarness.CLOSED, IvrHarness.FLOWS);
        SimulatedCall call = h.call(UNKNOWN).recordingLasts(7300).press("2");

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.VoicemailLeft.class);
        IvrOutcome.VoicemailLeft vm = (IvrOutcome.VoicemailLeft) outcome;
        // "We are open Monday to Friday, from eight o'clock a m to eight o'clock p m".
        assertThat(call.heard()).containsSequence("en/welcome", "en/closed", "en/opening-hours", "en/say/8",
                "en/say/oclock", "en/say/am", "en/opening-hours-to", "en/say/8", "en/say/oclock", "en/say/pm",
                "en/after-hours-menu", "en/leave-message", "en/message-saved");
        assertThat(call.recordings()).singleElement().satisfies(r -> {
            assertThat(r.beep()).isTrue();
            assertThat(r.maxLength()).isEqualTo(Duration.ofMinutes(2));
            assertThat(r.silenceEnd()).isEqualTo(Duration.ofSeconds(5));
            assertThat(r.recording().id()).startsWith(vm.interactionId() + "-");
        });
        NewInteraction forAgents = vm.voicemail();
        assertThat(forAgents.channel()).isEqualTo(Channel.CALLBACK);
        assertThat(forAgents.queueId()).isEqualTo("general");
        assertThat(forAgents.attributes()).containsEntry("voicemail.path", vm.recording())
                .containsEntry("voicemail.durationMillis", "7300").containsEntry("callback.number", UNKNOWN)
                .containsEntry("ivr.interaction", vm.interactionId());
        assertThat(Path.of(vm.recording())).exists().hasParent(voicemail);
        assertThat(h.routing.submitted).containsExactly(forAgents);
        assertThat(h.journal.lines).contains("recording " + forAgents.id(),
                "created " + forAgents.id() + " CALLBACK voicemail", "finished voicemail");
        assertThat(call.state()).isEqualTo(CallState.ENDED);
    }

    @Test
    void onAHolidayTheCallerCanAskForACallbackOnTheirNumber() {
        IvrHarness h = new IvrHarness(voicemail, IvrHarness.HOLIDAY, IvrHarness.FLOWS);
        SimulatedCall call = h.call(DemoCustomers.A_TIER.phone()).press("1");

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.CallbackRequested.class);
        assertThat(call.heard()).contains("en/holiday").doesNotContain("en/closed", "en/main-menu");
        NewInteraction cb = ((IvrOutcome.CallbackRequested) outcome).callback();
        assertThat(cb.attributes()).containsEntry("callback.number", DemoCustomers.A_TIER.phone());
        assertThat(outcome.trail().pathText()).contains("after-hours:holiday", "callback:register");
    }

    @Test
    void aHiddenNumberIsAskedForBeforeTheCallbackIsRegistered() {
        IvrHarness h = new IvrHarness(voicemail, IvrHarness.CLOSED, IvrHarness.FLOWS);
        SimulatedCall call = h.call("anonymous").press("1").press("030123987#");

        IvrOutcome.CallbackRequested cb = (IvrOutcome.CallbackRequested) h.run(call, "main");

        assertThat(cb.callback().attributes()).containsEntry("callback.number", "030123987");
        assertThat(call.heard()).containsSequence("en/enter-callback-number", "en/callback-confirmed", "en/say/0",
                "en/say/3", "en/say/0");
    }

    @Test
    void leavingNothingAfterHoursSaysGoodbye() {
        IvrHarness h = new IvrHarness(voicemail, IvrHarness.CLOSED, IvrHarness.FLOWS);
        SimulatedCall call = h.call(UNKNOWN).silence().silence();

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.HungUp.class);
        assertThat(call.heard()).endsWith("en/thank-you-goodbye");
        assertThat(h.routing.submitted).isEmpty();
    }

    @Test
    void announcementsRepeatAndALongWaitOffersACallbackThatKeepsTheCallersPlace() {
        IvrHarness h = new IvrHarness(voicemail);
        h.routing.place = new QueueTicket.Place(3, 60_000);
        SimulatedCall call = h.call(UNKNOWN).press("1")
                .then(() -> h.timers.advance(Duration.ofSeconds(30)))
                .then(() -> h.routing.place = new QueueTicket.Place(3, 240_000))
                .then(() -> h.timers.advance(Duration.ofSeconds(30)))
                .press("1");

        IvrOutcome outcome = h.run(call, "main");

        assertThat(call.heard()).filteredOn("en/queue-position"::equals).hasSize(3);
        // Four minutes is above the three of longWait: offered once, with the announcement.
        assertThat(call.heard()).containsSequence("en/queue-wait", "en/say/4", "en/queue-minutes",
                "en/long-wait-offer", "en/queue-music");
        assertThat(call.heard()).filteredOn("en/long-wait-offer"::equals).hasSize(1);
        assertThat(outcome).isInstanceOf(IvrOutcome.CallbackRequested.class);
        assertThat(h.routing.withdrawn).containsExactly("the caller pressed 1");
        NewInteraction cb = ((IvrOutcome.CallbackRequested) outcome).callback();
        assertThat(cb.attributes()).containsEntry("callback.estimatedWaitSeconds", "240")
                .containsEntry("ivr.reason", "sales");
        assertThat(h.timers.pending()).isZero();
    }

    @Test
    void keysWithoutAMeaningInTheQueueAreIgnored() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("1").press("5").press("#").then(() -> h.routing.answer("alice"));

        IvrOutcome.Queued q = (IvrOutcome.Queued) h.run(call, "main");

        assertThat(q.trail().inputs()).contains("hold:wait=5 (ignored)", "hold:wait=# (ignored)");
        assertThat(h.routing.withdrawn).isEmpty();
    }

    @Test
    void afterTheFlowsMaximumWaitTheCallerIsOfferedACallback() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("1").then(() -> h.timers.advance(Duration.ofMinutes(20)));

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.CallbackRequested.class);
        assertThat(call.heard()).containsSequence("en/max-wait-sorry", "en/callback-confirmed");
        assertThat(h.routing.withdrawn).containsExactly("max wait of the IVR reached");
    }

    @Test
    void theQueuesOwnMaximumWaitLeadsToTheSameNextStep() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("1").then(h.routing::queueMaxWait);

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.CallbackRequested.class);
        assertThat(call.heard()).contains("en/max-wait-sorry");
    }

    @Test
    void aFullQueueOffersACallback() {
        IvrHarness h = new IvrHarness(voicemail);
        h.routing.refuse = "queue sales is full (50 waiting)";
        SimulatedCall call = h.call(UNKNOWN).press("1");

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.CallbackRequested.class);
        assertThat(call.heard()).containsSequence("en/please-hold", "en/queue-full", "en/callback-confirmed");
    }

    @Test
    void callerHangingUpWhileQueuedLeavesTheQueue() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("1").hangUp();

        IvrOutcome outcome = h.run(call, "main");

        assertThat(outcome).isInstanceOf(IvrOutcome.CallerHungUp.class);
        assertThat(((IvrOutcome.CallerHungUp) outcome).atNode()).isEqualTo("wait");
        assertThat(h.routing.withdrawn).containsExactly("the call left the queue");
        assertThat(h.timers.pending()).isZero();
    }

    @Test
    void whenAnAgentAcceptsTheMusicStopsAndTheIvrLetsGo() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(UNKNOWN).press("1");
        CompletableFuture<IvrOutcome> outcome = h.start(call, "main");
        call.drive();
        assertThat(outcome).isNotDone();
        assertThat(call.musicPlaying()).isTrue();

        h.routing.answer("alice");

        assertThat(outcome).isCompletedWithValueMatching(o -> o instanceof IvrOutcome.Queued q
                && q.agentId().equals("alice"));
        assertThat(call.musicPlaying()).isFalse();
        assertThat(call.state()).isEqualTo(CallState.ANSWERED);
        assertThat(h.timers.pending()).isZero();
        assertThat(h.service.describe()).containsEntry("activeCalls", 0);
    }
}
