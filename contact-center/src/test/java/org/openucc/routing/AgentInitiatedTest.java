package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.config.QueueConfig;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;

/** An interaction the agent starts (a dial-out): theirs at once, counted like any call, refused when they cannot take it. */
class AgentInitiatedTest {

    private static EngineHarness harness() {
        EngineHarness h = new EngineHarness()
                .queue(new QueueConfig("outbound", null, Set.of(Channel.OUTBOUND_VOICE), Map.of(), null, "longest-idle",
                        null, null, null, null, null, null, 0, Duration.ZERO, Duration.ofSeconds(20), null, null))
                .queue("q", "longest-idle", Map.of());
        h.agent("ann", Map.of(), Map.of(Channel.VOICE, 1, Channel.OUTBOUND_VOICE, 1, Channel.CHAT, 3));
        h.agent("bob", Map.of(), Map.of(Channel.VOICE, 1, Channel.OUTBOUND_VOICE, 1, Channel.CHAT, 3));
        return h;
    }

    private static NewInteraction dial(String id) {
        return new NewInteraction(id, Channel.OUTBOUND_VOICE, "outbound", Map.of(), 0, null, "cus-1", null,
                Map.of("phone", "+4930123456"));
    }

    @Test
    void aNotReadyAgentsDialOutIsTheirsAtOnceWithNoWaitAndNoOfferToAnyoneElse() {
        EngineHarness h = harness();
        h.engine.login("ann", false);
        h.engine.login("bob", true);
        h.engine.startWithAgent(dial("d1"), "ann");

        InteractionView v = h.engine.interactionView("d1").orElseThrow();
        assertThat(v.state()).isEqualTo(InteractionState.CONNECTED);
        assertThat(v.agentId()).isEqualTo("ann");
        assertThat(v.queueId()).isEqualTo("outbound");
        assertThat(h.offers()).singleElement().satisfies(o -> {
            assertThat(o.agentId()).isEqualTo("ann");
            assertThat(o.decision().trigger()).isEqualTo(RoutingDecision.Trigger.AGENT_INITIATED);
        });
        assertThat(h.of(RoutingEvent.InteractionConnected.class)).singleElement()
                .satisfies(c -> assertThat(c.waitedMillis()).isZero());
        assertThat(h.engine.agentView("ann").state()).isEqualTo(AgentState.BUSY);
        assertThat(h.engine.agentView("ann").load()).containsEntry(Channel.OUTBOUND_VOICE, 1);

        // Ended: wrap-up, then back to NOT_READY as she was, not READY.
        h.engine.end("d1", "hung up"); // the queue has no wrap-up time
        assertThat(h.engine.agentView("ann").state()).isEqualTo(AgentState.NOT_READY);
    }

    @Test
    void aDialOutBlocksInboundCallsAndChatsLikeAnyCall() {
        EngineHarness h = harness();
        h.engine.login("ann", true);
        h.engine.startWithAgent(dial("d1"), "ann");
        h.call("in1", "q");
        h.engine.addInteraction(NewInteraction.of("chat1", Channel.CHAT, "q"));
        assertThat(h.offers()).extracting(RoutingEvent.OfferMade::interactionId).containsExactly("d1");
        h.engine.end("d1", "done");
        assertThat(h.offeredTo("in1")).isEqualTo("ann");
    }

    @Test
    void anAgentWhoCannotTakeACallNowIsRefusedWithTheReasonAndNothingChanges() {
        EngineHarness h = harness();
        assertThatThrownBy(() -> h.engine.startWithAgent(dial("d0"), "ann"))
                .isInstanceOf(RoutingException.class).hasMessageContaining("logged out");

        h.engine.login("ann", true);
        h.call("in1", "q");
        assertThatThrownBy(() -> h.engine.startWithAgent(dial("d1"), "ann"))
                .isInstanceOf(RoutingException.class).hasMessageContaining("offer ringing");
        h.engine.accept("in1", "ann");
        assertThatThrownBy(() -> h.engine.startWithAgent(dial("d2"), "ann"))
                .isInstanceOf(RoutingException.class).hasMessageContaining("excludes OUTBOUND_VOICE");

        h.engine.login("bob", true);
        h.engine.startWithAgent(dial("d3"), "bob");
        assertThatThrownBy(() -> h.engine.startWithAgent(dial("d4"), "bob"))
                .isInstanceOf(RoutingException.class).hasMessageContaining("no room for another OUTBOUND_VOICE");
        assertThatThrownBy(() -> h.engine.startWithAgent(dial("d3"), "ann"))
                .isInstanceOf(RoutingException.class).hasMessageContaining("already being routed");

        h.engine.requirePhoneRegistration(true);
        h.engine.end("in1", "done");
        assertThatThrownBy(() -> h.engine.startWithAgent(dial("d5"), "ann"))
                .isInstanceOf(RoutingException.class).hasMessageContaining("no reachable phone");
        h.engine.phoneReachable("ann", true);
        h.engine.startWithAgent(dial("d5"), "ann");

        for (String refused : new String[] {"d0", "d1", "d2", "d4"}) {
            assertThat(h.engine.interactionView(refused)).as(refused).isEmpty();
        }
    }

    @Test
    void anEmailInHandLeavesRoomForADialOutAndAChatDoesNot() {
        EngineHarness h = harness();
        h.agent("eve", Map.of(), Map.of(Channel.OUTBOUND_VOICE, 1, Channel.CHAT, 3, Channel.EMAIL, 5));
        h.engine.login("eve", true);
        h.engine.addInteraction(NewInteraction.of("mail1", Channel.EMAIL, "q"));
        h.engine.accept("mail1", "eve");
        h.engine.startWithAgent(dial("d1"), "eve");
        assertThat(h.engine.agentView("eve").load()).containsEntry(Channel.EMAIL, 1)
                .containsEntry(Channel.OUTBOUND_VOICE, 1);
        h.engine.end("d1", "done");

        h.engine.addInteraction(NewInteraction.of("chat1", Channel.CHAT, "q"));
        h.engine.accept("chat1", "eve");
        assertThatThrownBy(() -> h.engine.startWithAgent(dial("d2"), "eve"))
                .isInstanceOf(RoutingException.class).hasMessageContaining("excludes OUTBOUND_VOICE");
    }

    @Test
    void aQueueThatDoesNotTakeTheChannelRefusesIt() {
        EngineHarness h = harness();
        h.engine.login("ann", true);
        assertThatThrownBy(() -> h.engine.startWithAgent(new NewInteraction("d1", Channel.OUTBOUND_VOICE, "q", null, 0,
                null, null, null, null), "ann")).isInstanceOf(RoutingException.class)
                .hasMessageContaining("does not take OUTBOUND_VOICE");
    }
}
