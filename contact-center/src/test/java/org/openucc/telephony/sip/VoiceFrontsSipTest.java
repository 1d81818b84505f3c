package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openucc.config.ServiceNumber;
import org.openucc.interaction.Tier;
import org.openucc.ivr.runtime.CallerRecord;
import org.openucc.ivr.runtime.CustomerDirectory;
import org.openucc.ivr.runtime.IvrCall;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.IvrTrail;
import org.openucc.routing.InteractionView;
import org.openucc.routing.RoutingEvent;
import org.openucc.voice.IvrFront;
import org.openucc.voice.VoiceJournal;
import org.openucc.voice.VoicePorts;
import org.openucc.voice.VoiceQueueFlow;

/**
 * The voice flow's fronts over real SIP on loopback: who the caller is travels with the call into the
 * queue and the IVR; a failing IVR flow hands the call to its number's queue (the real IVR's direct
 * flow), or refuses it when there is none; a caller who leaves while the CRM answers is still logged.
 * The named flows here are fakes; the direct flow is the rig's real IVR.
 */
class VoiceFrontsSipTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String CALLER = "5551234";
    static final CallerRecord KNOWN = new CallerRecord("cus_42", "Known GmbH", Tier.VIP, "100042", List.of());

    SipRig rig;
    final Journal journal = new Journal();
    final List<IvrCall> handedToIvr = new CopyOnWriteArrayList<>();
    /** Every flow the voice flow ran, fake or real, in order. */
    final List<String> flowsRun = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void theCallersCustomerIsLoggedAndQueuedWithTheCallOfADirectNumber() throws Exception {
        rig = rig(List.of(new ServiceNumber("1000", "support", null)), IvrFront.NONE, directory(KNOWN));
        TestPhone.Call call = rig.phone(CALLER).call("1000");
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);

        String id = await().atMost(WAIT).until(() -> rig.events(RoutingEvent.InteractionQueued.class), q -> !q.isEmpty())
                .get(0).interactionId();
        InteractionView view = rig.routing.send(new org.openucc.routing.RoutingCommand.GetInteraction(id)).toCompletableFuture().join()
                .orElseThrow();
        assertThat(view.customerId()).isEqualTo("cus_42");
        assertThat(view.tier()).isEqualTo(Tier.VIP);
        assertThat(view.attributes()).containsEntry("phone", CALLER).containsEntry("dialedNumber", "1000");
        assertThat(journal.created).containsExactly(id + " queue=support customer=cus_42 phone=" + CALLER);
        call.bye().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theIvrGetsTheCallWithItsCustomerAndContext() throws Exception {
        IvrFront ivr = (c, flow, ivrCall) -> {
            handedToIvr.add(ivrCall);
            return c.answer().thenApply(v -> new IvrOutcome.HungUp(ivrCall.interactionId(), "done", IvrTrail.EMPTY))
                    .thenCompose(o -> c.hangup("done").thenApply(v -> o));
        };
        rig = rig(List.of(new ServiceNumber("1000", null, "main")), ivr, directory(KNOWN));
        TestPhone.Call call = rig.phone(CALLER).call("1000");
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        call.bye.get(5, TimeUnit.SECONDS);

        assertThat(handedToIvr).singleElement().satisfies(c -> {
            assertThat(c.customerId()).isEqualTo("cus_42");
            assertThat(c.tier()).isEqualTo(Tier.VIP);
            assertThat(c.attributes()).containsEntry("phone", CALLER).containsEntry("callerNumber", CALLER);
        });
        assertThat(journal.created).singleElement().asString().endsWith("queue=null customer=cus_42 phone=" + CALLER);
        assertThat(rig.events(RoutingEvent.InteractionQueued.class)).isEmpty();
    }

    @Test
    void aFlowThatFailsHandsTheCallToItsNumbersQueue() throws Exception {
        IvrFront failing = (c, flow, ivrCall) -> {
            handedToIvr.add(ivrCall);
            return c.answer().thenApply(v -> new IvrOutcome.Failed(ivrCall.interactionId(), "a step broke",
                    IvrTrail.EMPTY));
        };
        rig = rig(List.of(new ServiceNumber("1000", "support", "main")), failing, VoicePorts.NO_CUSTOMERS);
        TestPhone ann = rig.readyAgent("ann");
        TestPhone.Call call = rig.phone(CALLER).call("1000");
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200);

        TestPhone.Call agentLeg = ann.firstIncoming.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !rig.events(RoutingEvent.InteractionConnected.class).isEmpty());
        assertThat(rig.events(RoutingEvent.InteractionConnected.class).get(0).interactionId())
                .isEqualTo(handedToIvr.get(0).interactionId());
        assertThat(journal.failed).isEmpty();
        assertThat(flowsRun).containsExactly("main", VoiceQueueFlow.DIRECT_FLOW);
        call.bye().get(5, TimeUnit.SECONDS);
        agentLeg.bye.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFlowThatFailsWithoutAQueueToFallBackOnIsRefusedAndLoggedFailed() throws Exception {
        IvrFront missing = (c, flow, ivrCall) -> CompletableFuture.completedFuture(new IvrOutcome.Failed(
                ivrCall.interactionId(), "there is no IVR flow 'main'", IvrTrail.EMPTY));
        rig = rig(List.of(new ServiceNumber("1000", null, "main")), missing, VoicePorts.NO_CUSTOMERS);
        TestPhone.Call call = rig.phone(CALLER).call("1000");

        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(480);
        await().atMost(WAIT).until(() -> !journal.failed.isEmpty());
        assertThat(journal.failed.get(0)).contains("IVR flow main failed: there is no IVR flow 'main'");
    }

    @Test
    void aCallerWhoHangsUpWhileTheCrmAnswersIsLoggedCreatedAndEndedAndNeverQueued() throws Exception {
        CompletableFuture<Optional<CallerRecord>> slow = new CompletableFuture<>();
        rig = rig(List.of(new ServiceNumber("1000", "support", null)), IvrFront.NONE, directory(slow));
        TestPhone.Call call = rig.phone(CALLER).call("1000");
        assertThat(call.finalStatus.get(5, TimeUnit.SECONDS)).isEqualTo(200); // answered, greeting playing
        call.bye().get(5, TimeUnit.SECONDS);
        slow.complete(Optional.of(KNOWN));

        await().atMost(WAIT).until(() -> !journal.ended.isEmpty());
        assertThat(journal.created).hasSize(1);
        assertThat(journal.ended.get(0)).contains("REMOTE_HANGUP");
        assertThat(rig.events(RoutingEvent.InteractionQueued.class)).isEmpty();
    }

    /** The rig with {@code ivr} running the named flows and the rig's real IVR the direct flow. */
    private SipRig rig(List<ServiceNumber> numbers, IvrFront ivr, CustomerDirectory customers) throws Exception {
        return new SipRig(Duration.ofSeconds(30), Duration.ofSeconds(5), numbers, realIvr ->
                new VoicePorts(customers, (c, flow, ivrCall) -> {
                    flowsRun.add(flow);
                    return VoiceQueueFlow.DIRECT_FLOW.equals(flow) ? realIvr.run(c, flow, ivrCall)
                            : ivr.run(c, flow, ivrCall);
                }, journal));
    }

    private static CustomerDirectory directory(CallerRecord known) {
        return directory(CompletableFuture.completedFuture(Optional.of(known)));
    }

    /** Knows one caller, {@link #CALLER}, answering with {@code answer}. */
    private static CustomerDirectory directory(CompletableFuture<Optional<CallerRecord>> answer) {
        return new CustomerDirectory() {
            @Override
            public CompletionStage<Optional<CallerRecord>> byPhone(String number) {
                return CALLER.equals(number) ? answer : CompletableFuture.completedFuture(Optional.empty());
            }

            @Override
            public CompletionStage<Optional<CallerRecord>> byAccount(String accountNumber) {
                return CompletableFuture.completedFuture(Optional.empty());
            }

            @Override
            public CompletionStage<Boolean> verifyPin(String customerId, String pin) {
                return CompletableFuture.completedFuture(false);
            }
        };
    }

    /** What the voice flow wrote down, as text the assertions read. */
    static final class Journal implements VoiceJournal {
        final List<String> created = new CopyOnWriteArrayList<>();
        final List<String> ended = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();

        @Override
        public void created(String interactionId, String queueId, String customerId, Map<String, String> context) {
            created.add(interactionId + " queue=" + queueId + " customer=" + customerId + " phone=" + context.get("phone"));
        }

        @Override
        public void ended(String interactionId, String cause, String detail) {
            ended.add(interactionId + " " + cause + " " + detail);
        }

        @Override
        public void failed(String interactionId, String reason) {
            failed.add(interactionId + " " + reason);
        }
    }
}
