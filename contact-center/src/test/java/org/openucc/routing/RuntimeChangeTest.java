package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.config.OverflowStep;
import org.openucc.config.QueueConfig;
import org.openucc.interaction.Channel;

class RuntimeChangeTest {

    @Test
    void addingAnAgentWithTheSkillTakesWaitingWorkAtOnce() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("zh", 5));
        h.call("i1", "q");
        h.readyAgent("new", Map.of("zh", 6, "en", 3, "billing", 2, "sales", 1, "tech", 4));
        assertThat(h.offeredTo("i1")).isEqualTo("new");
    }

    @Test
    void changingLevelsTakesEffectOnTheNextDecision() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("billing", 5));
        h.readyAgent("a", Map.of("billing", 4));
        h.call("i1", "q");
        assertThat(h.offers()).isEmpty();
        h.engine.setAgentSkills("a", Map.of("billing", 5));
        assertThat(h.offeredTo("i1")).isEqualTo("a");
        h.handle("i1");
        h.engine.setAgentSkills("a", Map.of("sales", 9));
        h.call("i2", "q");
        assertThat(h.offers()).hasSize(1);
        assertThat(h.engine.explain("i2").agents()).singleElement()
                .extracting(Explanation.Verdict::reason).isEqualTo(ExclusionReason.MISSING_SKILL);
    }

    @Test
    void raisingPriorityMovesAWaitingInteractionAtOnce() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("s", 1));
        for (int i = 0; i < 5; i++) {
            h.call("i" + i, "q");
        }
        assertThat(h.engine.interactionView("i4").orElseThrow().position()).isEqualTo(5);
        h.engine.changePriority("i4", 10);
        assertThat(h.engine.interactionView("i4").orElseThrow().position()).isEqualTo(1);
        assertThat(h.engine.interactionView("i0").orElseThrow().position()).isEqualTo(2);
        h.readyAgent("a", Map.of("s", 1));
        assertThat(h.lastOffer().interactionId()).isEqualTo("i4");
    }

    @Test
    void reconfiguringAQueueKeepsWaitingInteractionsAndTheirOrder() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("billing", 8));
        h.readyAgent("a", Map.of("billing", 5));
        for (int i = 0; i < 3; i++) {
            h.call("i" + i, "q");
            h.advanceSeconds(1);
        }
        assertThat(h.offers()).isEmpty();
        h.queue(new QueueConfig("q", null, Set.of(Channel.VOICE), Map.of("billing", 5), null, "most-skilled", null,
                null, null, null, null, null, 0, Duration.ZERO, null, null, null));
        assertThat(h.offeredTo("i0")).isEqualTo("a");
        assertThat(h.engine.interactionView("i1").orElseThrow().position()).isEqualTo(1);
        assertThat(h.engine.interactionView("i2").orElseThrow().position()).isEqualTo(2);
        assertThat(h.engine.queueView("q").strategy()).isEqualTo("most-skilled");
    }

    @Test
    void queuesCanBeAddedAndRemovedButNotWhileInUse() {
        EngineHarness h = new EngineHarness().queue("general", "longest-idle", Map.of("g", 1));
        h.queue(new QueueConfig("vip", null, Set.of(Channel.VOICE), Map.of("v", 1), null, null, null, null,
                List.of(new OverflowStep(Duration.ofSeconds(10), null, List.of("general"))), null, null, null, 0,
                null, null, null, null));
        assertThatThrownBy(() -> h.engine.removeQueue("general")).hasMessageContaining("overflow target");
        h.call("i1", "vip");
        assertThatThrownBy(() -> h.engine.removeQueue("vip")).hasMessageContaining("still has 1");
        h.engine.end("i1", "gone");
        h.engine.removeQueue("vip");
        h.engine.removeQueue("general");
        assertThat(h.engine.queueViews()).isEmpty();
    }

    @Test
    void removingAnAgentNeedsThemLoggedOut() {
        EngineHarness h = new EngineHarness().queue("q", "longest-idle", Map.of("s", 1));
        h.readyAgent("a", Map.of("s", 1));
        assertThatThrownBy(() -> h.engine.removeAgent("a")).hasMessageContaining("logged in");
        h.engine.logout("a");
        h.engine.removeAgent("a");
        assertThat(h.engine.agentViews()).isEmpty();
    }
}
