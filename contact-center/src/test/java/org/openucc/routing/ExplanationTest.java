package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationTest {

    @Test
    void everyOfferSaysWhyWithCandidatesRuleAndExcludedCounts() {
        EngineHarness h = new EngineHarness().queue("billing", "longest-idle", Map.of("billing", 5));
        h.readyAgent("best", Map.of("billing", 7));
        h.advanceSeconds(3);
        h.readyAgent("second", Map.of("billing", 6));
        h.agent("away", Map.of("billing", 9));
        h.readyAgent("resting", Map.of("billing", 9));
        h.engine.notReady("resting", "lunch");
        h.readyAgent("junior", Map.of("billing", 2));
        h.readyAgent("sales", Map.of("sales", 9));

        h.call("i1", "billing");
        RoutingDecision d = h.lastOffer().decision();
        assertThat(d.trigger()).isEqualTo(RoutingDecision.Trigger.ARRIVAL);
        assertThat(d.rule()).isEqualTo("longest idle");
        assertThat(d.strategy()).isEqualTo("longest-idle");
        assertThat(d.requirement()).isEqualTo("billing>=5");
        assertThat(d.candidates()).extracting(c -> c.id()).containsExactly("best", "second");
        assertThat(d.candidates().get(0).detail()).contains("idle 3s");
        assertThat(d.tieBreaker()).contains("longest idle");
        assertThat(d.excluded()).containsEntry(ExclusionReason.LOGGED_OUT, 1)
                .containsEntry(ExclusionReason.NOT_READY, 1)
                .containsEntry(ExclusionReason.LEVEL_TOO_LOW, 1)
                .containsEntry(ExclusionReason.MISSING_SKILL, 1);
    }

    @Test
    void explainListsEveryAgentWithItsReason() {
        EngineHarness h = new EngineHarness().queue("billing", "longest-idle", Map.of("billing", 5));
        h.agent("away", Map.of("billing", 9));
        h.readyAgent("resting", Map.of("billing", 9));
        h.engine.notReady("resting", "lunch");
        h.readyAgent("junior", Map.of("billing", 2));
        h.readyAgent("sales", Map.of("sales", 9));
        h.call("i1", "billing");
        Explanation ex = h.engine.explain("i1");
        assertThat(ex.requirements()).containsExactly("billing>=5");
        assertThat(ex.agents()).extracting(Explanation.Verdict::agentId, Explanation.Verdict::reason,
                Explanation.Verdict::detail).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("away", ExclusionReason.LOGGED_OUT, "logged out"),
                org.assertj.core.groups.Tuple.tuple("resting", ExclusionReason.NOT_READY, "not ready (lunch)"),
                org.assertj.core.groups.Tuple.tuple("junior", ExclusionReason.LEVEL_TOO_LOW, "billing level 2 below 5"),
                org.assertj.core.groups.Tuple.tuple("sales", ExclusionReason.MISSING_SKILL, "lacks billing"));
    }

    @Test
    void agentSideDecisionsListTheInteractionsWeighed() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("s", 1));
        h.call("a1", "q");
        h.advanceSeconds(2);
        h.call("a2", "q", 5);
        h.readyAgent("x", Map.of("s", 1));
        RoutingDecision d = h.lastOffer().decision();
        assertThat(d.trigger()).isEqualTo(RoutingDecision.Trigger.AGENT_AVAILABLE);
        assertThat(d.candidates()).extracting(c -> c.id()).containsExactly("a2");
        assertThat(d.rule()).contains("priority, then service-level risk, then age");
    }

    @Test
    void agentSideCandidatesKeepTheirValuesFromTheMomentOfTheDecision() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("s", 1))
                .queue("r", "longest-idle", Map.of("s", 1));
        h.call("old", "q");
        h.advanceSeconds(4);
        h.call("urgent", "r", 5);
        h.readyAgent("x", Map.of("s", 1));
        RoutingDecision d = h.lastOffer().decision();
        assertThat(d.candidates()).extracting(c -> c.id()).containsExactly("urgent", "old");
        assertThat(d.candidates().get(0).score()).isGreaterThan(d.candidates().get(1).score());
        h.advanceSeconds(60); // read later: the text still says what was true when the agent was offered work
        assertThat(d.candidates().get(0).detail()).startsWith("queue r, priority 5, waited 0s of ");
        assertThat(d.candidates().get(1).detail()).startsWith("queue q, priority 0, waited 4s of ");
        assertThat(d.candidates().get(0)).isSameAs(d.candidates().get(0));
        assertThat(d.candidates()).isEqualTo(java.util.List.copyOf(d.candidates()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.candidates().add(d.candidates().get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
