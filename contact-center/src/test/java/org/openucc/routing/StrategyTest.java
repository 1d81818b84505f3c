package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.routing.RoutingEvent.OfferEnded;

class StrategyTest {

    @Test
    void longestIdleOffersTheAgentIdleLongest() {
        EngineHarness h = new EngineHarness().queue("sales", "longest-idle", Map.of("sales", 1));
        h.readyAgent("a", Map.of("sales", 5));
        h.advanceSeconds(10);
        h.readyAgent("b", Map.of("sales", 5));
        h.advanceSeconds(10);
        h.readyAgent("c", Map.of("sales", 5));

        h.call("i1", "sales");
        assertThat(h.offeredTo("i1")).isEqualTo("a");
        assertThat(h.lastOffer().decision().candidates()).extracting(c -> c.id()).containsExactly("a", "b", "c");
        h.call("i2", "sales");
        assertThat(h.offeredTo("i2")).isEqualTo("b");
    }

    @Test
    void agentWhoFinishedLastIsIdleShortest() {
        EngineHarness h = new EngineHarness().queue("sales", "longest-idle", Map.of("sales", 1));
        h.readyAgent("a", Map.of("sales", 5));
        h.readyAgent("b", Map.of("sales", 5));
        h.call("i1", "sales");
        assertThat(h.offeredTo("i1")).isEqualTo("a");
        h.advanceSeconds(5);
        h.handle("i1");
        h.call("i2", "sales");
        assertThat(h.offeredTo("i2")).isEqualTo("b");
    }

    @Test
    void mostSkilledOffersTheHighestLevelThenLongestIdle() {
        EngineHarness h = new EngineHarness().queue("billing", "most-skilled", Map.of("billing", 2));
        h.readyAgent("low", Map.of("billing", 3));
        h.readyAgent("high1", Map.of("billing", 9));
        h.advanceSeconds(1);
        h.readyAgent("high2", Map.of("billing", 9));
        h.readyAgent("mid", Map.of("billing", 6));

        h.call("i1", "billing");
        assertThat(h.offeredTo("i1")).isEqualTo("high1");
        h.call("i2", "billing");
        assertThat(h.offeredTo("i2")).isEqualTo("high2");
        h.call("i3", "billing");
        assertThat(h.offeredTo("i3")).isEqualTo("mid");
        assertThat(h.lastOffer().decision().candidates().get(0).score()).isEqualTo(6.0);
    }

    @Test
    void leastOccupiedOffersTheAgentWithLeastHandleTimeSinceLogin() {
        EngineHarness h = new EngineHarness().queue("support", "least-occupied", Map.of("support", 1));
        h.readyAgent("a", Map.of("support", 5));
        h.readyAgent("b", Map.of("support", 5));
        h.call("i1", "support");
        h.call("i2", "support");
        h.engine.accept("i1", h.offeredTo("i1"));
        h.engine.accept("i2", h.offeredTo("i2"));
        h.advanceSeconds(100);
        h.engine.end(h.offeredTo("i1").equals("a") ? "i1" : "i2", "done"); // a: 100 s busy
        h.advanceSeconds(20);
        h.engine.end(h.offeredTo("i1").equals("b") ? "i1" : "i2", "done"); // b: 120 s busy, idle shorter

        h.call("i3", "support");
        assertThat(h.offeredTo("i3")).isEqualTo("a");
        h.engine.decline("i3", "a");
        assertThat(h.offeredTo("i3")).isEqualTo("b");
    }

    @Test
    void roundRobinTakesAgentsInTurnAndWraps() {
        EngineHarness h = new EngineHarness().queue("ops", "round-robin", Map.of("ops", 1));
        for (String a : new String[] {"a", "b", "c"}) {
            h.readyAgent(a, Map.of("ops", 5));
        }
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            h.call("i" + i, "ops");
            String agent = h.offeredTo("i" + i);
            order.append(agent);
            h.handle("i" + i);
        }
        assertThat(order.toString()).isEqualTo("abcabc");
    }

    @Test
    void ringAllRingsEveryEligibleAgentAndFirstAcceptWins() {
        EngineHarness h = new EngineHarness().queue("vip", "ring-all", Map.of("vip", 1));
        h.readyAgent("a", Map.of("vip", 5));
        h.readyAgent("b", Map.of("vip", 5));
        h.readyAgent("c", Map.of("vip", 5));
        h.readyAgent("x", Map.of("other", 5));

        h.call("i1", "vip");
        assertThat(h.offers()).extracting(RoutingEvent.OfferMade::agentId).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(h.engine.agentView("b").state()).isEqualTo(AgentState.RESERVED);

        h.engine.accept("i1", "b");
        assertThat(h.of(OfferEnded.class)).extracting(OfferEnded::agentId, OfferEnded::outcome)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", OfferOutcome.RESCINDED),
                        org.assertj.core.groups.Tuple.tuple("c", OfferOutcome.RESCINDED));
        assertThat(h.engine.agentView("a").state()).isEqualTo(AgentState.READY);
        assertThat(h.engine.agentView("b").state()).isEqualTo(AgentState.BUSY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.engine.accept("i1", "c"))
                .isInstanceOf(RoutingException.class);
    }

    @Test
    void ringAllRespectsTheLimit() {
        EngineHarness h = new EngineHarness(new org.openucc.config.RoutingConfig(3, null, null, 2, null, 0))
                .queue("vip", "ring-all", Map.of("vip", 1));
        for (String a : Set.of("a", "b", "c", "d")) {
            h.readyAgent(a, Map.of("vip", 5));
        }
        h.call("i1", "vip");
        assertThat(h.offers()).hasSize(2);
    }
}
