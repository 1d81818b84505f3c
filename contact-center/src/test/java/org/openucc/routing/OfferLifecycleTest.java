package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.routing.RoutingEvent.AgentStateChanged;
import org.openucc.routing.RoutingEvent.InteractionAbandoned;
import org.openucc.routing.RoutingEvent.OfferEnded;

class OfferLifecycleTest {

    private static QueueConfig queue(Duration wrapUp, Duration sticky) {
        return new QueueConfig("q", null, Set.of(Channel.VOICE), Map.of("x", 1), null, null, null, null, null, null,
                null, null, 0, wrapUp, Duration.ofSeconds(15), sticky, null);
    }

    @Test
    void declinedInteractionGoesBackToItsPlaceAndNotToTheSameAgentAtOnce() {
        EngineHarness h = new EngineHarness().queue(queue(Duration.ZERO, null));
        h.agent("a", Map.of("x", 1));
        h.agent("b", Map.of("x", 1));
        h.call("first", "q");
        h.advanceSeconds(1);
        h.call("second", "q");
        h.engine.login("a", true);
        assertThat(h.offeredTo("first")).isEqualTo("a");
        assertThat(h.engine.interactionView("second").orElseThrow().position()).isEqualTo(1);

        h.engine.decline("first", "a");
        // Back at the head of the queue, ahead of "second"; "a" now gets "second" instead.
        assertThat(h.offeredTo("second")).isEqualTo("a");
        assertThat(h.engine.interactionView("first").orElseThrow().position()).isEqualTo(1);
        h.engine.login("b", true);
        assertThat(h.offeredTo("first")).isEqualTo("b");
    }

    @Test
    void timedOutOfferIsRequeuedAndThreeMissesPutTheAgentNotReady() {
        EngineHarness h = new EngineHarness(new RoutingConfig(3, "missed", Duration.ofSeconds(5), 0, null, 0))
                .queue(queue(Duration.ZERO, null));
        h.readyAgent("a", Map.of("x", 1));
        h.call("i1", "q");
        for (int miss = 1; miss <= 3; miss++) {
            assertThat(h.engine.interactionView("i1").orElseThrow().offeredTo()).containsExactly("a");
            h.advanceSeconds(15); // offer times out
            assertThat(h.of(OfferEnded.class)).last().extracting(OfferEnded::outcome).isEqualTo(OfferOutcome.TIMED_OUT);
            h.advanceSeconds(5); // the decline exclusion ends: offered to "a" again if still ready
        }
        AgentView a = h.engine.agentView("a");
        assertThat(a.state()).isEqualTo(AgentState.NOT_READY);
        assertThat(a.reason()).isEqualTo("missed");
        assertThat(h.engine.interactionView("i1").orElseThrow().position()).isEqualTo(1);
        assertThat(h.offers()).hasSize(3);
    }

    @Test
    void wrapUpThenBackToReadyOrToTheRequestedNotReady() {
        EngineHarness h = new EngineHarness().queue(queue(Duration.ofSeconds(20), null));
        h.readyAgent("a", Map.of("x", 1));
        h.call("i1", "q");
        h.engine.accept("i1", "a");
        h.engine.end("i1", "customer hung up");
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.WRAP_UP);
        h.call("i2", "q");
        assertThat(h.offers()).hasSize(1); // nothing offered during wrap-up
        h.advanceSeconds(20);
        assertThat(h.offeredTo("i2")).isEqualTo("a");
        h.engine.accept("i2", "a");
        h.engine.notReady("a", "break"); // asked while busy: applies after the work
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.BUSY);
        h.engine.end("i2", "done");
        h.engine.completeWrapUp("i2", "a"); // early end of wrap-up
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(h.engine.agentView("a").reason()).isEqualTo("break");
        assertThat(h.of(AgentStateChanged.class)).extracting(AgentStateChanged::to).containsSubsequence(
                AgentState.READY, AgentState.RESERVED, AgentState.BUSY, AgentState.WRAP_UP, AgentState.READY,
                AgentState.RESERVED, AgentState.BUSY, AgentState.WRAP_UP, AgentState.NOT_READY);
    }

    @Test
    void aCustomerWhoLeavesInAnyStateEndsTheInteractionOnceWithTheRightOutcome() {
        EngineHarness h = new EngineHarness().queue(queue(Duration.ofSeconds(20), null));
        h.agent("a", Map.of("x", 1));
        h.call("waiting", "q");
        assertThat(h.engine.customerLeft("waiting", "hung up")).isEqualTo(CustomerLeftResult.ABANDONED);
        assertThat(h.of(InteractionAbandoned.class)).extracting(InteractionAbandoned::interactionId)
                .containsExactly("waiting");

        h.engine.login("a", true);
        h.call("ringing", "q");
        assertThat(h.offeredTo("ringing")).isEqualTo("a");
        assertThat(h.engine.customerLeft("ringing", "hung up")).isEqualTo(CustomerLeftResult.ABANDONED);
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.READY);

        h.call("talking", "q");
        h.engine.accept("talking", "a");
        // The accept and the hang-up crossed: the hang-up is sent after the accept and must still end the call.
        assertThat(h.engine.customerLeft("talking", "hung up")).isEqualTo(CustomerLeftResult.ENDED);
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.engine.customerLeft("talking", "hung up again"))
                .isEqualTo(CustomerLeftResult.ALREADY_ENDED);
        assertThat(h.of(RoutingEvent.InteractionEnded.class)).hasSize(1);
        assertThat(h.engine.customerLeft("never-seen", "hung up")).isEqualTo(CustomerLeftResult.NOT_ROUTED);

        h.advanceSeconds(20);
        h.call("crossed", "q");
        assertThat(h.offeredTo("crossed")).isEqualTo("a");
        h.engine.customerLeft("crossed", "hung up"); // the hang-up reached the engine before the agent's accept
        assertThatThrownBy(() -> h.engine.accept("crossed", "a")).isInstanceOf(RoutingException.class);
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.READY);
    }

    @Test
    void callerWhoHangsUpWhileRingingIsAbandonedAndTheAgentIsFreed() {
        EngineHarness h = new EngineHarness().queue(queue(Duration.ZERO, null));
        h.readyAgent("a", Map.of("x", 1));
        h.call("i1", "q");
        h.advanceSeconds(7);
        h.engine.end("i1", "caller hung up");
        assertThat(h.of(InteractionAbandoned.class)).singleElement()
                .satisfies(e -> assertThat(e.waitedMillis()).isEqualTo(7000));
        assertThat(h.of(OfferEnded.class)).singleElement().extracting(OfferEnded::outcome).isEqualTo(OfferOutcome.RESCINDED);
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.READY);
        assertThatThrownBy(() -> h.engine.accept("i1", "a")).isInstanceOf(RoutingException.class)
                .hasMessageContaining("unknown interaction");
    }

    @Test
    void returningCustomerGoesFirstToTheirLastAgentWithinTheStickyWindow() {
        EngineHarness h = new EngineHarness().queue(queue(Duration.ZERO, Duration.ofSeconds(30)));
        h.readyAgent("a", Map.of("x", 1));
        h.readyAgent("b", Map.of("x", 1));
        h.call("first", "q", Tier.B, "cust-1");
        assertThat(h.offeredTo("first")).isEqualTo("a");
        h.advanceSeconds(1);
        h.handle("first");
        h.call("busyB", "q");             // b is idle longer now: longest idle picks b
        assertThat(h.offeredTo("busyB")).isEqualTo("b");
        h.engine.accept("busyB", "b");
        h.call("other", "q");
        assertThat(h.offeredTo("other")).isEqualTo("a");
        h.engine.accept("other", "a");     // a busy
        h.call("again", "q", Tier.B, "cust-1");
        assertThat(h.engine.interactionView("again").orElseThrow().stickyAgentId()).isEqualTo("a");
        h.engine.end("busyB", "done");      // b frees, but "again" waits for a
        assertThat(h.offers()).extracting(RoutingEvent.OfferMade::interactionId).doesNotContain("again");
        h.engine.end("other", "done");      // a frees within the window
        assertThat(h.offeredTo("again")).isEqualTo("a");
        assertThat(h.lastOffer().decision().trigger()).isEqualTo(RoutingDecision.Trigger.STICKY);
    }

    @Test
    void stickyWindowEndsAndTheCustomerGoesToAnyone() {
        EngineHarness h = new EngineHarness().queue(queue(Duration.ZERO, Duration.ofSeconds(30)));
        h.readyAgent("a", Map.of("x", 1));
        h.call("first", "q", Tier.B, "cust-1");
        h.handle("first");
        h.call("other", "q");
        h.engine.accept("other", "a");
        h.readyAgent("b", Map.of("x", 1));
        h.call("again", "q", Tier.B, "cust-1");
        assertThat(h.offers()).extracting(RoutingEvent.OfferMade::interactionId).doesNotContain("again");
        h.advanceSeconds(30);
        assertThat(h.offeredTo("again")).isEqualTo("b");
    }

    @Test
    void logoutWhileRingingRequeuesAndWhileBusyWaitsForTheWork() {
        EngineHarness h = new EngineHarness().queue(queue(Duration.ZERO, null));
        h.readyAgent("a", Map.of("x", 1));
        h.call("i1", "q");
        h.engine.logout("a");
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.LOGGED_OUT);
        assertThat(h.engine.interactionView("i1").orElseThrow().position()).isEqualTo(1);
        h.engine.login("a", true);
        h.engine.accept("i1", "a");
        h.engine.logout("a");
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.BUSY);
        h.engine.end("i1", "done");
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.LOGGED_OUT);
    }

    @Test
    void commandsInTheWrongStateFailLoudlyWithContext() {
        EngineHarness h = new EngineHarness().queue(queue(Duration.ZERO, null));
        h.agent("a", Map.of("x", 1));
        assertThatThrownBy(() -> h.engine.ready("a")).hasMessageContaining("agent a is not logged in");
        assertThatThrownBy(() -> h.engine.login("nobody", true)).isInstanceOf(RoutingException.class)
                .satisfies(e -> assertThat(((RoutingException) e).kind()).isEqualTo(RoutingException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> h.call("i1", "nowhere")).hasMessageContaining("unknown queue 'nowhere'");
        h.call("i1", "q");
        assertThatThrownBy(() -> h.call("i1", "q")).hasMessageContaining("already being routed");
        assertThatThrownBy(() -> h.engine.accept("i1", "a")).hasMessageContaining("not offered to agent a");
        assertThatThrownBy(() -> h.engine.addInteraction(NewInteraction.of("c", Channel.CHAT, "q")))
                .hasMessageContaining("does not take CHAT");
    }
}
