package org.openucc.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.log.LogEvent;
import org.openucc.log.NewLogEvent;
import org.openucc.log.RoutingEventRecorder;
import org.openucc.recovery.InteractionRecovery.Action;
import org.openucc.recovery.InteractionRecovery.Stage;
import org.openucc.routing.AgentState;
import org.openucc.routing.RoutingEvent;

/** The recovery plan folded from event lists shaped as the server writes them. */
class RecoveryPlanTest {
    private static final long T0 = 1_700_000_000_000L;

    /** Builds a timeline with increasing ids, as the log stores it. */
    private static final class Timeline {
        final List<LogEvent> events = new ArrayList<>();
        private long nextId;

        Timeline(long firstId) {
            this.nextId = firstId;
        }

        Timeline add(NewLogEvent e) {
            events.add(new LogEvent(nextId++, e.at(), e.type(), e.interactionId(), e.agentId(), e.queueId(),
                    e.customerId(), e.actor(), e.details()));
            return this;
        }

        Timeline routing(RoutingEvent e) {
            return add(RoutingEventRecorder.toLogEvent(e));
        }

        Timeline created(String id, Channel channel, String queue, long at) {
            return add(NewLogEvent.interactionCreated(Instant.ofEpochMilli(at), id, channel, "INBOUND", queue, "cust-1",
                    Map.of("chat.topic", "billing")).withRouting(Map.of("lang-en", 5), 2, Tier.VIP, null));
        }
    }

    @Test
    void aWaitingChatGoesBackToItsQueueWithEverythingRoutingNeeds() {
        Timeline t = new Timeline(10).created("i1", Channel.CHAT, "support", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 5, "i1", "support", 1, 0, false));
        RecoveryPlan plan = RecoveryPlan.of(List.of(t.events), Map.of());

        InteractionRecovery r = plan.interactions().get(0);
        assertThat(r.action()).isEqualTo(Action.RESTORE);
        assertThat(r.stage()).isEqualTo(Stage.WAITING);
        assertThat(r.channel()).isEqualTo(Channel.CHAT);
        assertThat(r.queueId()).isEqualTo("support");
        assertThat(r.skills()).isEqualTo(Map.of("lang-en", 5));
        assertThat(r.priority()).isEqualTo(2);
        assertThat(r.tier()).isEqualTo(Tier.VIP);
        assertThat(r.customerId()).isEqualTo("cust-1");
        assertThat(r.attributes()).containsEntry("chat.topic", "billing");
        assertThat(r.enqueuedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 5));
        assertThat(r.agentId()).isNull();
        assertThat(r.reason()).isEqualTo("recovered after restart");
    }

    @Test
    void anOfferInFlightGoesBackToItsPlaceAndARequeueKeepsThePlace() {
        Timeline t = new Timeline(1).created("i1", Channel.EMAIL, "mail", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "i1", "mail", 1, 0, false))
                .routing(new RoutingEvent.OfferMade(T0 + 2, "i1", "a1", "mail", T0 + 20, null))
                .routing(new RoutingEvent.OfferEnded(T0 + 20, "i1", "a1", org.openucc.routing.OfferOutcome.TIMED_OUT, "no answer"))
                .routing(new RoutingEvent.InteractionQueued(T0 + 20, "i1", "mail", 1, 0, true))
                .routing(new RoutingEvent.OfferMade(T0 + 30, "i1", "a2", "mail", T0 + 50, null));
        InteractionRecovery r = RecoveryPlan.of(List.of(t.events), Map.of()).interactions().get(0);
        assertThat(r.stage()).isEqualTo(Stage.OFFERED);
        assertThat(r.action()).isEqualTo(Action.RESTORE);
        assertThat(r.enqueuedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 1));
        assertThat(r.agentId()).as("an offer is not work in hand").isNull();
    }

    @Test
    void aChatInHandComesBackForTheSameAgentAndAPriorityChangeIsKept() {
        Timeline t = new Timeline(1).created("i1", Channel.CHAT, "support", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "i1", "support", 1, 0, false))
                .routing(new RoutingEvent.PriorityChanged(T0 + 2, "i1", 13, 1, 7))
                .routing(new RoutingEvent.OfferMade(T0 + 3, "i1", "a1", "support", T0 + 20, null))
                .routing(new RoutingEvent.InteractionConnected(T0 + 4, "i1", "a1", "support", 3));
        InteractionRecovery r = RecoveryPlan.of(List.of(t.events), Map.of()).interactions().get(0);
        assertThat(r.stage()).isEqualTo(Stage.IN_HAND);
        assertThat(r.action()).isEqualTo(Action.RESTORE);
        assertThat(r.agentId()).isEqualTo("a1");
        assertThat(r.priority()).isEqualTo(7);
        assertThat(r.answered()).isTrue();
    }

    @Test
    void callsEndBecauseTheirMediaDiedWithTheProcess() {
        Timeline inIvr = new Timeline(1).add(NewLogEvent.interactionCreated(Instant.ofEpochMilli(T0), "v1", Channel.VOICE,
                "INBOUND", null, null, Map.of())).add(NewLogEvent.ivr(Instant.ofEpochMilli(T0 + 1),
                org.openucc.log.LogEventType.IVR_ENTERED, "v1", "main", "start"));
        Timeline talking = new Timeline(100).created("v2", Channel.VOICE, "sales", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "v2", "sales", 1, 0, false))
                .routing(new RoutingEvent.InteractionConnected(T0 + 4, "v2", "a1", "sales", 3));
        RecoveryPlan plan = RecoveryPlan.of(List.of(inIvr.events, talking.events), Map.of());
        assertThat(plan.interactions()).extracting(InteractionRecovery::action).containsOnly(Action.END);
        assertThat(plan.interactions()).extracting(InteractionRecovery::reason)
                .containsOnly("server restarted: call media lost");
        assertThat(plan.interactions().get(0).stage()).isEqualTo(Stage.IN_IVR);
        assertThat(plan.interactions().get(1).answered()).isTrue();
        assertThat(plan.toRestore()).isEmpty();
    }

    @Test
    void callsAnAsteriskCarriesAreKeptForItsAdapterToDecide() {
        Map<String, String> onAsterisk = Map.of("telephony", "asterisk", "callId", "1796547789.9",
                "asterisk.server", "pbx1", "dialedNumber", "1004");
        Timeline waiting = new Timeline(1).add(NewLogEvent.interactionCreated(Instant.ofEpochMilli(T0), "v1",
                Channel.VOICE, "INBOUND", null, null, onAsterisk))
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "v1", "support", 1, 0, false));
        Timeline talking = new Timeline(100).add(NewLogEvent.interactionCreated(Instant.ofEpochMilli(T0), "v2",
                Channel.VOICE, "INBOUND", null, null, onAsterisk))
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "v2", "sales", 1, 0, false))
                .routing(new RoutingEvent.InteractionConnected(T0 + 4, "v2", "a1", "sales", 3));
        RecoveryPlan plan = RecoveryPlan.of(List.of(waiting.events, talking.events), Map.of());
        assertThat(plan.interactions()).extracting(InteractionRecovery::action).containsOnly(Action.KEEP);
        assertThat(plan.interactions()).extracting(InteractionRecovery::stage)
                .containsExactly(Stage.WAITING, Stage.IN_HAND);
        assertThat(plan.interactions().get(1).agentId()).isEqualTo("a1");
        assertThat(plan.interactions().get(0).attributes()).containsEntry("asterisk.server", "pbx1");
    }

    @Test
    void aWrapUpStillOpenGoesBackToItsAgentWithItsEndAndAFinishedInteractionNeedsNothing() {
        Timeline wrapping = new Timeline(1).created("i1", Channel.CHAT, "support", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "i1", "support", 1, 0, false))
                .routing(new RoutingEvent.InteractionConnected(T0 + 4, "i1", "a1", "support", 3))
                .routing(new RoutingEvent.InteractionEnded(T0 + 9, "i1", "a1", "support", "agent ended", 5))
                .routing(new RoutingEvent.WrapUpStarted(T0 + 9, "i1", "a1", T0 + 60));
        Timeline done = new Timeline(50).created("i2", Channel.CHAT, "support", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "i2", "support", 1, 0, false))
                .routing(new RoutingEvent.InteractionAbandoned(T0 + 4, "i2", "support", 3, "visitor left"));
        RecoveryPlan plan = RecoveryPlan.of(List.of(wrapping.events, done.events), Map.of());
        assertThat(plan.interactions()).hasSize(1);
        InteractionRecovery r = plan.interactions().get(0);
        assertThat(r.action()).isEqualTo(Action.WRAP_UP);
        assertThat(r.wrapUps()).containsExactly(new InteractionRecovery.OpenWrapUp("a1", "support",
                Instant.ofEpochMilli(T0 + 4), Instant.ofEpochMilli(T0 + 60)));
    }

    @Test
    void aTransferredChatWaitsInItsNewQueueFromTheTransferWhileTheFirstAgentWrapsUp() {
        Timeline t = new Timeline(1).created("i1", Channel.CHAT, "support", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "i1", "support", 1, 0, false))
                .routing(new RoutingEvent.InteractionConnected(T0 + 4, "i1", "a1", "support", 3))
                .routing(new RoutingEvent.InteractionTransferred(T0 + 10, "i1", "support", "billing", "a1"))
                .routing(new RoutingEvent.InteractionEnded(T0 + 10, "i1", "a1", "support", "transferred", 6))
                .routing(new RoutingEvent.WrapUpStarted(T0 + 10, "i1", "a1", T0 + 60))
                .routing(new RoutingEvent.InteractionQueued(T0 + 10, "i1", "billing", 1, 0, false));
        InteractionRecovery r = RecoveryPlan.of(List.of(t.events), Map.of()).interactions().get(0);
        assertThat(r.action()).isEqualTo(Action.RESTORE);
        assertThat(r.queueId()).isEqualTo("billing");
        assertThat(r.enqueuedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 10));
        assertThat(r.agentId()).isNull();
        assertThat(r.wrapUps()).as("a1 wraps up what it had from support").containsExactly(
                new InteractionRecovery.OpenWrapUp("a1", "support", Instant.ofEpochMilli(T0 + 4), Instant.ofEpochMilli(T0 + 60)));
    }

    @Test
    void aRestoredInteractionKeepsItsFirstPlaceAtTheNextRestart() {
        Timeline t = new Timeline(1).created("i1", Channel.CALLBACK, "callbacks", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 1, "i1", "callbacks", 1, 0, false))
                .routing(new RoutingEvent.InteractionQueued(T0 + 90_000, "i1", "callbacks", 1, 0, true,
                        "recovered after restart"));
        InteractionRecovery r = RecoveryPlan.of(List.of(t.events), Map.of()).interactions().get(0);
        assertThat(r.enqueuedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 1));
        assertThat(r.channel()).isEqualTo(Channel.CALLBACK);
    }

    @Test
    void aChatWhoseCreationIsMissingFromTheLogIsFailedWithAReason() {
        Timeline t = new Timeline(1).routing(new RoutingEvent.InteractionQueued(T0 + 1, "i1", "support", 1, 0, false));
        InteractionRecovery r = RecoveryPlan.of(List.of(t.events), Map.of()).interactions().get(0);
        assertThat(r.action()).isEqualTo(Action.FAIL);
        assertThat(r.reason()).contains("channel");
    }

    @Test
    void interactionsAreRestoredOldestPlaceFirst() {
        Timeline late = new Timeline(1).created("late", Channel.CHAT, "q", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 50, "late", "q", 1, 0, false));
        Timeline early = new Timeline(10).created("early", Channel.EMAIL, "q", T0)
                .routing(new RoutingEvent.InteractionQueued(T0 + 10, "early", "q", 1, 0, false));
        RecoveryPlan plan = RecoveryPlan.of(List.of(late.events, early.events), Map.of());
        assertThat(plan.toRestore()).extracting(InteractionRecovery::interactionId).containsExactly("early", "late");
    }

    @Test
    void agentsGetBackTheirStateOrReadyWhenTheirWorkComesBack() {
        Timeline ready = new Timeline(1)
                .routing(new RoutingEvent.AgentStateChanged(T0, "ready", AgentState.LOGGED_OUT, AgentState.READY, null))
                .routing(new RoutingEvent.AgentPhoneChanged(T0 + 5, "ready", false));
        Timeline lunch = new Timeline(10)
                .routing(new RoutingEvent.AgentStateChanged(T0, "lunch", AgentState.LOGGED_OUT, AgentState.READY, null))
                .routing(new RoutingEvent.AgentStateChanged(T0 + 1, "lunch", AgentState.READY, AgentState.NOT_READY, "lunch"));
        Timeline busy = new Timeline(20)
                .routing(new RoutingEvent.AgentStateChanged(T0, "busy", AgentState.READY, AgentState.RESERVED, null))
                .routing(new RoutingEvent.AgentStateChanged(T0 + 1, "busy", AgentState.RESERVED, AgentState.BUSY, null));
        Timeline gone = new Timeline(30)
                .routing(new RoutingEvent.AgentStateChanged(T0, "gone", AgentState.READY, AgentState.LOGGED_OUT, null));
        RecoveryPlan plan = RecoveryPlan.of(List.of(), Map.of("ready", ready.events, "lunch", lunch.events,
                "busy", busy.events, "gone", gone.events, "never", List.of()));
        assertThat(plan.agents()).extracting(AgentRecovery::agentId).containsExactly("busy", "gone", "lunch", "ready");
        assertThat(plan.agents()).extracting(AgentRecovery::target).containsExactly(AgentState.READY,
                AgentState.LOGGED_OUT, AgentState.NOT_READY, AgentState.READY);
        assertThat(plan.agents().get(2).targetReason()).isEqualTo("lunch");
        assertThat(plan.agents().get(0).lastState()).isEqualTo(AgentState.BUSY);
    }

    @Test
    void anAgentsDialOutEndsWithItsMediaAndIsNeverQueuedForAnotherAgent() {
        Timeline dialled = new Timeline(1).add(NewLogEvent.interactionCreated(Instant.ofEpochMilli(T0), "d1",
                        Channel.OUTBOUND_VOICE, "OUTBOUND", "outbound", "cust-1", Map.of("phone", "+4930123456"))
                        .withRouting(null, 0, Tier.VIP, "a1"))
                .routing(new RoutingEvent.InteractionQueued(T0, "d1", "outbound", 1, 0, false))
                .routing(new RoutingEvent.OfferMade(T0, "d1", "a1", "outbound", T0, null))
                .routing(new RoutingEvent.InteractionConnected(T0, "d1", "a1", "outbound", 0));
        // Written to the log, then the server died before the ACD had it.
        Timeline justCreated = new Timeline(100).add(NewLogEvent.interactionCreated(Instant.ofEpochMilli(T0 + 5), "d2",
                Channel.OUTBOUND_VOICE, "OUTBOUND", "outbound", null, Map.of("phone", "+4940555000")));
        RecoveryPlan plan = RecoveryPlan.of(List.of(dialled.events, justCreated.events), Map.of());
        assertThat(plan.toRestore()).isEmpty();
        assertThat(plan.interactions()).extracting(InteractionRecovery::interactionId).containsExactly("d1", "d2");
        assertThat(plan.interactions()).extracting(InteractionRecovery::action).containsOnly(Action.END);
        assertThat(plan.interactions()).extracting(InteractionRecovery::reason)
                .containsOnly("server restarted: call media lost");
        assertThat(plan.interactions()).extracting(InteractionRecovery::answered).containsExactly(true, false);
        assertThat(plan.interactions().get(0).agentId()).isEqualTo("a1");
    }

    @Test
    void anAgentWhoDialledOutWhileNotReadyIsNotReadyAgainAndOneWhoWasReadyIsReady() {
        Timeline onBreak = new Timeline(1)
                .routing(new RoutingEvent.AgentStateChanged(T0, "ann", AgentState.LOGGED_OUT, AgentState.READY, null))
                .routing(new RoutingEvent.AgentStateChanged(T0 + 1, "ann", AgentState.READY, AgentState.NOT_READY, "break"))
                .routing(new RoutingEvent.AgentStateChanged(T0 + 2, "ann", AgentState.NOT_READY, AgentState.BUSY, null));
        Timeline ready = new Timeline(10)
                .routing(new RoutingEvent.AgentStateChanged(T0, "bea", AgentState.LOGGED_OUT, AgentState.NOT_READY, "login"))
                .routing(new RoutingEvent.AgentStateChanged(T0 + 1, "bea", AgentState.NOT_READY, AgentState.READY, null))
                .routing(new RoutingEvent.AgentStateChanged(T0 + 2, "bea", AgentState.READY, AgentState.BUSY, null))
                .routing(new RoutingEvent.AgentStateChanged(T0 + 3, "bea", AgentState.BUSY, AgentState.WRAP_UP, null));
        RecoveryPlan plan = RecoveryPlan.of(List.of(), Map.of("ann", onBreak.events, "bea", ready.events));
        assertThat(plan.agents()).extracting(AgentRecovery::target).containsExactly(AgentState.NOT_READY,
                AgentState.READY);
        assertThat(plan.agents().get(0).targetReason()).isEqualTo("break");
        assertThat(plan.agents().get(0).lastState()).isEqualTo(AgentState.BUSY);
    }
}
