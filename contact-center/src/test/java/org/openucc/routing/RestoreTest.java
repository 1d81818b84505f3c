package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openucc.config.MaxWaitAction;
import org.openucc.config.OverflowStep;
import org.openucc.config.PriorityConfig;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.interaction.Tier;
import org.openucc.routing.RoutingEvent.InteractionQueued;
import org.openucc.routing.RoutingEvent.MaxWaitReached;

/** Restoring interactions at their original place after a restart. */
class RestoreTest {

    private static NewInteraction chat(String id, String queue) {
        return NewInteraction.of(id, Channel.CHAT, queue);
    }

    @Test
    void restoredInteractionsKeepTheirWaitedTimeAndGoAheadOfNewArrivalsInTheirOriginalOrder() {
        EngineHarness h = new EngineHarness().queue(QueueingTest.simple("q", Map.of()));
        h.agent("a", Map.of(), Map.of(Channel.CHAT, 1));
        long now = h.clock.millis();
        h.engine.addInteraction(chat("new1", "q"));
        // Restored out of order: the place comes from when each first entered the queue.
        h.engine.restoreInteraction(chat("r2", "q"), now - 20_000, null, "recovered after restart");
        h.engine.restoreInteraction(chat("r1", "q"), now - 60_000, null, "recovered after restart");
        h.engine.restoreInteraction(chat("r3", "q"), now, null, "recovered after restart");
        h.engine.addInteraction(chat("new2", "q"));

        assertThat(h.engine.waitingInteractions("q").stream().sorted(java.util.Comparator.comparingInt(InteractionView::position)).map(InteractionView::id).toList())
                .containsExactly("r1", "r2", "r3", "new1", "new2");
        InteractionView r1 = h.engine.interactionView("r1").orElseThrow();
        assertThat(r1.waitedMillis()).isEqualTo(60_000);

        InteractionQueued queued = h.of(InteractionQueued.class).stream()
                .filter(q -> q.interactionId().equals("r1")).findFirst().orElseThrow();
        assertThat(queued.requeued()).isTrue();
        assertThat(queued.reason()).isEqualTo("recovered after restart");

        h.engine.login("a", true);
        StringBuilder served = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String id = h.lastOffer().interactionId();
            served.append(id).append(' ');
            h.handle(id);
        }
        assertThat(served.toString().trim()).isEqualTo("r1 r2 r3 new1 new2");
    }

    @Test
    void aRestoredInteractionIsAnsweredWithItsWholeWaitAndCountsAgainstTheServiceLevel() {
        EngineHarness h = new EngineHarness().queue(QueueingTest.queue("q", Map.of(), null, null, null, null, null, 0,
                Duration.ofSeconds(20)));
        h.agent("a", Map.of(), Map.of(Channel.CHAT, 1));
        h.engine.restoreInteraction(chat("r", "q"), h.clock.millis() - 45_000, null, null);
        h.engine.login("a", true);
        h.engine.accept("r", "a");
        RoutingEvent.InteractionConnected c = h.of(RoutingEvent.InteractionConnected.class).get(0);
        assertThat(c.waitedMillis()).isEqualTo(45_000);
        QueueView q = h.engine.queueView("q");
        assertThat(q.answered()).isEqualTo(1);
        assertThat(q.serviceLevelPercent()).isZero();
    }

    @Test
    void overflowStepsAndMaximumWaitCountFromTheOriginalTime() {
        EngineHarness h = new EngineHarness()
                .queue(QueueingTest.simple("other", Map.of("other", 1)))
                .queue(QueueingTest.queue("q", Map.of("billing", 5), null,
                        List.of(new OverflowStep(Duration.ofSeconds(30), 1, List.of())), Duration.ofSeconds(120),
                        MaxWaitAction.DISCONNECT, null, 0, null));
        h.agent("junior", Map.of("billing", 1), Map.of(Channel.CHAT, 1));
        h.engine.login("junior", true);
        // Waited 40 s before the restart: past the 30 s step, so a junior can take it at once.
        h.engine.restoreInteraction(chat("r", "q"), h.clock.millis() - 40_000, null, null);
        h.clock.advance(Duration.ofMillis(1));
        h.engine.advanceTime();
        assertThat(h.offeredTo("r")).isEqualTo("junior");

        h.engine.restoreInteraction(chat("late", "q"), h.clock.millis() - 119_000, null, null);
        h.advanceSeconds(1);
        assertThat(h.of(MaxWaitReached.class)).extracting(MaxWaitReached::interactionId).contains("late");
    }

    @Test
    void agingCountsFromTheOriginalTime() {
        PriorityConfig aging = new PriorityConfig(Map.of(Tier.VIP, 3), Duration.ofSeconds(10));
        EngineHarness h = new EngineHarness().queue(QueueingTest.queue("q", Map.of(), aging, null, null, null, null, 0,
                null));
        h.agent("a", Map.of(), Map.of(Channel.CHAT, 1));
        h.engine.addInteraction(new NewInteraction("vip", Channel.CHAT, "q", Map.of(), 0, Tier.VIP, null, null, Map.of()));
        // 40 s of waiting before the restart: four aging points beat the fresh VIP's three.
        h.engine.restoreInteraction(chat("old", "q"), h.clock.millis() - 40_000, null, null);
        h.engine.login("a", true);
        assertThat(h.lastOffer().interactionId()).isEqualTo("old");
    }

    @Test
    void theAgentWhoHadItIsOfferedItFirstWithinTheStickyWindow() {
        EngineHarness h = new EngineHarness().queue(new org.openucc.config.QueueConfig("q", null,
                java.util.Set.of(Channel.CHAT), Map.of(), null, "longest-idle", null, null, null, null, null, null, 0,
                Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(30), null));
        h.agent("a", Map.of(), Map.of(Channel.CHAT, 3));
        h.agent("b", Map.of(), Map.of(Channel.CHAT, 3));
        h.engine.login("b", true);
        h.engine.login("a", true);
        h.engine.restoreInteraction(chat("r", "q"), h.clock.millis() - 5_000, "a", null);
        assertThat(h.offeredTo("r")).isEqualTo("a");
        assertThat(h.lastOffer().decision().trigger()).isEqualTo(RoutingDecision.Trigger.STICKY);
    }

    @Test
    void restoreIgnoresTheQueueLimitButRefusesAnInteractionAlreadyRouted() {
        EngineHarness h = new EngineHarness().queue(QueueingTest.queue("q", Map.of(), null, null, null, null, null, 1,
                null));
        h.engine.addInteraction(chat("first", "q"));
        h.engine.restoreInteraction(chat("r", "q"), h.clock.millis() - 1_000, null, null);
        assertThat(h.engine.waitingInteractions("q")).extracting(InteractionView::id).containsExactly("r", "first");
        assertThat(h.engine.interactionView("r").orElseThrow().position()).isEqualTo(1);
        assertThat(h.engine.queueView("q").longestWaitMillis()).isEqualTo(1_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                h.engine.restoreInteraction(chat("r", "q"), h.clock.millis(), null, null))
                .isInstanceOf(RoutingException.class).hasMessageContaining("already being routed");
    }

    @Test
    void aReattachedCallIsInItsAgentsHandsAtOnceWithItsWholeWait() {
        EngineHarness h = new EngineHarness().queue(QueueingTest.simple("q", Map.of()));
        h.agent("a", Map.of(), Map.of(Channel.VOICE, 1, Channel.CHAT, 1));
        h.agent("b", Map.of(), Map.of(Channel.VOICE, 1));
        h.engine.login("a", true);
        h.engine.login("b", true);
        h.engine.reattachInteraction(NewInteraction.of("call", Channel.VOICE, "q"), h.clock.millis() - 30_000, "a",
                "the call stayed up on its PBX");
        InteractionView v = h.engine.interactionView("call").orElseThrow();
        assertThat(v.state()).isEqualTo(InteractionState.CONNECTED);
        assertThat(v.agentId()).isEqualTo("a");
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.BUSY);
        assertThat(h.of(RoutingEvent.InteractionConnected.class)).singleElement()
                .satisfies(c -> assertThat(c.waitedMillis()).isEqualTo(30_000));
        // The agent's voice capacity is taken: another call goes to b.
        h.engine.addInteraction(NewInteraction.of("next", Channel.VOICE, "q"));
        assertThat(h.lastOffer().agentId()).isEqualTo("b");
    }

    @Test
    void aCallIsNotReattachedToAnAgentWhoCannotTakeIt() {
        EngineHarness h = new EngineHarness().queue(QueueingTest.simple("q", Map.of()));
        h.agent("a", Map.of(), Map.of(Channel.VOICE, 1));
        h.engine.login("a", true);
        h.engine.addInteraction(NewInteraction.of("ringing", Channel.VOICE, "q")); // offered to a
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(RoutingException.class, () ->
                h.engine.reattachInteraction(NewInteraction.of("call", Channel.VOICE, "q"), h.clock.millis(), "a",
                        "restart"))).hasMessageContaining("an offer is pending");
        assertThat(h.engine.interactionView("call")).isEmpty();
        h.engine.logout("a");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(RoutingException.class, () ->
                h.engine.reattachInteraction(NewInteraction.of("call2", Channel.VOICE, "q"), h.clock.millis(), "a",
                        "restart"))).isNotNull();
    }

    @Test
    void aWrapUpGivenBackKeepsItsEndAndItsAgentTakesNothingUntilItEnds() {
        EngineHarness h = new EngineHarness().queue(QueueingTest.simple("q", Map.of()));
        h.agent("a", Map.of(), Map.of(Channel.VOICE, 1));
        h.engine.login("a", true);
        long now = h.clock.millis();
        assertThat(h.engine.restoreWrapUp(NewInteraction.of("w1", Channel.VOICE, "q"), "a", now - 30_000, now + 20_000))
                .as("still wrapping up").isTrue();
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.engine.agentView("a").interactions()).containsExactly("w1");
        InteractionView w1 = h.engine.interactionView("w1").orElseThrow();
        assertThat(List.of(w1.state(), w1.agentId())).isEqualTo(List.of(InteractionState.WRAP_UP, "a"));
        assertThat(h.of(RoutingEvent.WrapUpStarted.class)).singleElement()
                .satisfies(w -> assertThat(w.endsAtMillis()).isEqualTo(now + 20_000));
        assertThat(h.of(RoutingEvent.AgentStateChanged.class)).last()
                .satisfies(c -> assertThat(List.of(c.from(), c.to())).isEqualTo(List.of(AgentState.READY, AgentState.WRAP_UP)));

        h.engine.addInteraction(NewInteraction.of("next", Channel.VOICE, "q"));
        h.advance(Duration.ofMillis(19_999));
        assertThat(h.offers()).as("nothing is offered while the wrap-up lasts").isEmpty();
        h.advance(Duration.ofMillis(1));
        assertThat(h.of(RoutingEvent.WrapUpEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.atMillis()).isEqualTo(now + 20_000));
        assertThat(h.engine.interactionView("w1")).isEmpty();
        assertThat(h.lastOffer().interactionId()).isEqualTo("next");
        assertThat(h.lastOffer().agentId()).isEqualTo("a");
    }

    @Test
    void aWrapUpWhoseEndPassedMeanwhileEndsAtOnceAndOneGivenBackCanBeEndedByItsAgent() {
        EngineHarness h = new EngineHarness().queue(QueueingTest.simple("q", Map.of()));
        h.agent("a", Map.of(), Map.of(Channel.CHAT, 1));
        h.engine.login("a", false);
        h.engine.notReady("a", "lunch");
        long now = h.clock.millis();
        assertThat(h.engine.restoreWrapUp(NewInteraction.of("gone", Channel.CHAT, "q"), "a", now - 90_000, now - 1))
                .isFalse();
        assertThat(h.of(RoutingEvent.WrapUpStarted.class)).isEmpty();
        assertThat(h.of(RoutingEvent.WrapUpEnded.class)).singleElement()
                .satisfies(e -> assertThat(List.of(e.interactionId(), e.agentId())).isEqualTo(List.of("gone", "a")));
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(h.engine.agentView("a").reason()).isEqualTo("lunch");
        assertThat(h.engine.interactionView("gone")).isEmpty();

        // NOT_READY -> WRAP_UP -> NOT_READY (lunch): the agent ends it early, as any wrap-up.
        assertThat(h.engine.restoreWrapUp(NewInteraction.of("w2", Channel.CHAT, "q"), "a", now - 5_000, now + 60_000))
                .isTrue();
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.WRAP_UP);
        h.engine.completeWrapUp("w2", "a");
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(h.engine.agentView("a").reason()).isEqualTo("lunch");
        assertThat(h.engine.interactionView("w2")).isEmpty();
        h.engine.logout("a");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(RoutingException.class, () ->
                h.engine.restoreWrapUp(NewInteraction.of("w3", Channel.CHAT, "q"), "a", now, now + 60_000)))
                .hasMessageContaining("logged out");
    }

    @Test
    void aTransferredInteractionComesBackToItsNewQueueAfterItsFirstAgentsWrapUpAndStaysWhenThatEnds() {
        EngineHarness h = new EngineHarness().queue(QueueingTest.simple("q", Map.of()))
                .queue(QueueingTest.simple("other", Map.of()));
        h.agent("a", Map.of(), Map.of(Channel.CHAT, 1));
        h.engine.login("a", true);
        long now = h.clock.millis();
        // The recovery's order: the agent's wrap-up first (before anything can be offered to them), then the work.
        assertThat(h.engine.restoreWrapUp(NewInteraction.of("t1", Channel.CHAT, "q"), "a", now - 20_000, now + 30_000))
                .isTrue();
        h.engine.restoreInteraction(NewInteraction.of("t1", Channel.CHAT, "other"), now - 10_000, null, "restored");
        InteractionView t1 = h.engine.interactionView("t1").orElseThrow();
        assertThat(List.of(t1.state(), t1.queueId(), t1.waitedMillis())).as("a has no room for it while wrapping up")
                .isEqualTo(List.of(InteractionState.QUEUED, "other", 10_000L));
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.WRAP_UP);
        h.engine.completeWrapUp("t1", "a");
        assertThat(h.engine.interactionView("t1")).as("the wrap-up's end leaves the interaction that came back")
                .hasValueSatisfying(v -> assertThat(v.queueId()).isEqualTo("other"));
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(RoutingException.class, () ->
                h.engine.restoreInteraction(NewInteraction.of("t1", Channel.CHAT, "other"), now, null, "again")))
                .hasMessageContaining("already being routed");
    }
}
