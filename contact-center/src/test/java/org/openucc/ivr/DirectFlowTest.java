package org.openucc.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.interaction.Tier;
import org.openucc.ivr.runtime.IvrCall;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.QueueTicket;
import org.openucc.telephony.CallState;
import org.openucc.telephony.media.WavAudio;

/**
 * The built-in direct flow (ivr-scripts/flows/direct.yaml) that service numbers without a flow of
 * their own, failed flows and calls transferred to a queue run: the call's own queue at once, the
 * greeting while it already waits, then position / estimated wait announcements and hold music.
 */
class DirectFlowTest {
    static final String DIRECT = "direct";

    @TempDir
    Path voicemail;

    @Test
    void theCallerWaitsInTheCallsQueueAtOnceAndHearsTheGreetingThenAnnouncementsAndMusic() {
        IvrHarness h = new IvrHarness(voicemail);
        h.routing.place = new QueueTicket.Place(12, 150_000);
        SimulatedCall call = h.call(SampleFlowsTest.UNKNOWN);
        CompletableFuture<IvrOutcome> outcome = start(h, call, new IvrCall("voice-1", null,
                Map.of("callerNumber", SampleFlowsTest.UNKNOWN), "cus_1", Tier.A, "support", false));
        call.drive();

        assertThat(h.routing.queued).hasSize(1);
        assertThat(call.heard()).containsExactly("en/greeting", "en/queue-position", "en/say/12",
                "en/queue-position-end", "en/queue-wait", "en/say/3", "en/queue-minutes", "en/hold-music");
        assertThat(call.musicPlaying()).isTrue();
        assertThat(h.routing.lastQueued().queueId()).isEqualTo("support");
        assertThat(h.routing.lastQueued().id()).isEqualTo("voice-1");
        assertThat(h.routing.lastQueued().customerId()).isEqualTo("cus_1");
        assertThat(h.routing.lastQueued().tier()).isEqualTo(Tier.A);
        // It only waited: the agent gets the call's context, no IVR path.
        assertThat(h.routing.lastQueued().attributes()).containsEntry("callerNumber", SampleFlowsTest.UNKNOWN)
                .doesNotContainKeys("ivr.flow", "ivr.path", "ivr.language");

        h.routing.place = new QueueTicket.Place(1, 20_000);
        h.timers.advance(Duration.ofSeconds(30));
        assertThat(call.heard().subList(8, call.heard().size())).containsExactly("en/queue-position", "en/say/1",
                "en/queue-position-end", "en/queue-wait", "en/queue-under-a-minute", "en/hold-music");

        h.routing.answer("ann");
        assertThat(outcome).isCompletedWithValueMatching(o -> o instanceof IvrOutcome.Queued q
                && q.agentId().equals("ann"));
        assertThat(call.musicPlaying()).isFalse();
        assertThat(h.timers.pending()).isZero();
    }

    @Test
    void theAnnouncementIsSpokenFromFragmentsThatDecodeInEveryLanguage() throws Exception {
        for (String lang : List.of("en", "zh")) {
            IvrHarness h = new IvrHarness(voicemail);
            h.routing.place = new QueueTicket.Place(12, 150_000);
            SimulatedCall call = h.call(SampleFlowsTest.UNKNOWN);
            start(h, call, new IvrCall("voice-" + lang, lang, Map.of(), null, null, "support", false));
            call.drive();

            assertThat(call.heard()).startsWith(lang + "/greeting", lang + "/queue-position");
            for (String heard : call.heard()) {
                assertThat(WavAudio.read(IvrHarness.PROMPTS.resolve(heard + ".wav"))).as("%s", heard)
                        .hasSizeGreaterThan(1000);
            }
        }
    }

    @Test
    void aCallTransferredToTheQueueFollowsItsWaitingEntryInsteadOfQueueingAgain() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(SampleFlowsTest.UNKNOWN);
        CompletableFuture<IvrOutcome> outcome = start(h, call, new IvrCall("voice-2", null, Map.of(), null, null,
                "billing", true));
        call.drive();

        assertThat(h.routing.queued).isEmpty();
        assertThat(h.routing.followed).containsExactly("voice-2");
        // Greeted before the transfer: music and announcements only.
        assertThat(call.heard()).startsWith("en/queue-position").contains("en/hold-music")
                .doesNotContain("en/greeting");

        h.routing.answer("bob");
        assertThat(outcome).isCompletedWithValueMatching(o -> o instanceof IvrOutcome.Queued q
                && q.agentId().equals("bob") && q.interaction().queueId().equals("billing"));
    }

    @Test
    void theQueuesOwnMaximumWaitLetsTheCallerGo() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(SampleFlowsTest.UNKNOWN).then(h.routing::queueMaxWait);

        CompletableFuture<IvrOutcome> outcome = start(h, call, new IvrCall("voice-3", null, Map.of(), null, null,
                "support", false));
        call.drive();

        assertThat(outcome).isCompletedWithValueMatching(o -> o instanceof IvrOutcome.HungUp);
        assertThat(h.routing.withdrawn).containsExactly("max wait of queue support reached");
        assertThat(call.state()).isEqualTo(CallState.ENDED);
    }

    @Test
    void aCallerWhoHangsUpWhileWaitingLeavesTheQueue() {
        IvrHarness h = new IvrHarness(voicemail);
        SimulatedCall call = h.call(SampleFlowsTest.UNKNOWN).hangUp();
        CompletableFuture<IvrOutcome> outcome = start(h, call, new IvrCall("voice-4", null, Map.of(), null, null,
                "support", false));
        call.drive();

        assertThat(outcome).isCompletedWithValueMatching(o -> o instanceof IvrOutcome.CallerHungUp c
                && c.atNode().equals("wait"));
        assertThat(h.routing.withdrawn).containsExactly("the call left the queue");
        assertThat(h.timers.pending()).isZero();
    }

    @Test
    void aFlowsDirectoryWithoutItsOwnCopyGetsTheBuiltInDirectFlow(@TempDir Path flows) throws Exception {
        Files.writeString(flows.resolve("bye.yaml"), "start: bye\nnodes:\n  bye:\n    type: hangup\n");

        IvrHarness h = new IvrHarness(voicemail, IvrHarness.OPEN, flows);

        assertThat(h.service.flows().flows()).containsOnlyKeys("bye", DIRECT);
        assertThat(h.service.flows().flows().get(DIRECT).nodes()).containsOnlyKeys("wait");
    }

    private static CompletableFuture<IvrOutcome> start(IvrHarness h, SimulatedCall call, IvrCall ivrCall) {
        return h.service.run(call, DIRECT, ivrCall).toCompletableFuture();
    }
}
