package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.config.MaxWaitAction;
import org.openucc.config.OverflowStep;
import org.openucc.config.PriorityConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.ServiceLevel;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.interaction.Tier;
import org.openucc.routing.RoutingEvent.InteractionQueued;
import org.openucc.routing.RoutingEvent.InteractionRejected;
import org.openucc.routing.RoutingEvent.MaxWaitReached;

class QueueingTest {

    static QueueConfig queue(String id, Map<String, Integer> skills, PriorityConfig priority, List<OverflowStep> overflow,
                             Duration maxWait, MaxWaitAction action, String maxWaitQueue, int maxWaiting, Duration sla) {
        return new QueueConfig(id, null, Set.of(Channel.VOICE, Channel.CHAT, Channel.EMAIL), skills,
                new ServiceLevel(80, sla == null ? Duration.ofSeconds(20) : sla), "longest-idle", null, priority, overflow,
                maxWait, action, maxWaitQueue, maxWaiting, Duration.ZERO, Duration.ofSeconds(20), null, null);
    }

    static QueueConfig simple(String id, Map<String, Integer> skills) {
        return queue(id, skills, null, null, null, null, null, 0, null);
    }

    @Test
    void higherTierWaitsLessAndFifoWithinAPriority() {
        EngineHarness h = new EngineHarness().queue(simple("sales", Map.of("sales", 1)));
        h.agent("a", Map.of("sales", 5));
        h.call("c1", "sales", Tier.C, null);
        h.advanceSeconds(1);
        h.call("b1", "sales", Tier.B, null);
        h.advanceSeconds(1);
        h.call("c2", "sales", Tier.C, null);
        h.advanceSeconds(1);
        h.call("vip", "sales", Tier.VIP, null);
        h.advanceSeconds(1);
        h.call("b2", "sales", Tier.B, null);

        assertThat(h.engine.interactionView("vip").orElseThrow().position()).isEqualTo(1);
        assertThat(h.engine.interactionView("c2").orElseThrow().position()).isEqualTo(5);

        h.engine.login("a", true);
        StringBuilder served = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String id = h.lastOffer().interactionId();
            served.append(id).append(' ');
            h.handle(id);
        }
        assertThat(served.toString().trim()).isEqualTo("vip b1 b2 c1 c2");
    }

    @Test
    void agingLetsALongWaitingLowPriorityInteractionOvertake() {
        PriorityConfig aging = new PriorityConfig(Map.of(Tier.VIP, 3), Duration.ofSeconds(10));
        EngineHarness h = new EngineHarness().queue(queue("q", Map.of(), aging, null, null, null, null, 0, null));
        h.agent("a", Map.of());
        h.call("old", "q", Tier.C, null);
        h.advanceSeconds(40); // 4 points of aging: beats a fresh VIP (3 points)
        h.call("vip", "q", Tier.VIP, null);
        h.engine.login("a", true);
        assertThat(h.lastOffer().interactionId()).isEqualTo("old");
    }

    @Test
    void withoutAgingPriorityIsStrict() {
        EngineHarness h = new EngineHarness().queue(queue("q", Map.of(), new PriorityConfig(Map.of(Tier.VIP, 3), null),
                null, null, null, null, 0, null));
        h.agent("a", Map.of());
        h.call("old", "q", Tier.C, null);
        h.advanceSeconds(4000);
        h.call("vip", "q", Tier.VIP, null);
        h.engine.login("a", true);
        assertThat(h.lastOffer().interactionId()).isEqualTo("vip");
    }

    @Test
    void overflowLowersTheLevelThenAddsAnotherQueuesAgents() {
        EngineHarness h = new EngineHarness().queue(simple("general", Map.of("general", 1)));
        h.queue(queue("billing", Map.of("billing", 7), null, List.of(
                new OverflowStep(Duration.ofSeconds(30), 3, null),
                new OverflowStep(Duration.ofSeconds(90), null, List.of("general"))), null, null, null, 0, null));
        h.readyAgent("junior", Map.of("billing", 4));
        h.readyAgent("generalist", Map.of("general", 5));

        h.call("i1", "billing");
        assertThat(h.offers()).isEmpty();
        h.advanceSeconds(29);
        assertThat(h.offers()).isEmpty();
        h.advanceSeconds(1);
        assertThat(h.offeredTo("i1")).isEqualTo("junior");
        assertThat(h.lastOffer().decision().trigger()).isEqualTo(RoutingDecision.Trigger.OVERFLOW);
        assertThat(h.lastOffer().decision().overflowStep()).isEqualTo(1);
        assertThat(h.lastOffer().decision().requirement()).isEqualTo("billing>=3");
        h.engine.accept("i1", "junior");

        h.call("i2", "billing");
        h.advanceSeconds(90);
        assertThat(h.offeredTo("i2")).isEqualTo("generalist");
        assertThat(h.lastOffer().decision().requirement()).isEqualTo("billing>=3 | general>=1");
    }

    @Test
    void maxWaitFiresTheFallbackAndQueueFullRejects() {
        EngineHarness h = new EngineHarness().queue(queue("q", Map.of("x", 1), null, null, Duration.ofSeconds(60),
                MaxWaitAction.VOICEMAIL, null, 2, null));
        h.call("i1", "q");
        h.call("i2", "q");
        h.call("i3", "q");
        assertThat(h.of(InteractionRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("queue full"))
                .extracting(InteractionRejected::interactionId).isEqualTo("i3");
        h.advanceSeconds(60);
        assertThat(h.of(MaxWaitReached.class)).extracting(MaxWaitReached::interactionId, MaxWaitReached::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("i1", MaxWaitAction.VOICEMAIL),
                        org.assertj.core.groups.Tuple.tuple("i2", MaxWaitAction.VOICEMAIL));
        assertThat(h.engine.interactionView("i1")).isEmpty();
        assertThat(h.engine.queueView("q").waiting()).isZero();
    }

    @Test
    void maxWaitCanMoveToAnotherQueue() {
        EngineHarness h = new EngineHarness().queue(simple("backup", Map.of("backup", 1)));
        h.queue(queue("q", Map.of("x", 1), null, null, Duration.ofSeconds(30), MaxWaitAction.QUEUE, "backup", 0, null));
        h.readyAgent("b", Map.of("backup", 1));
        h.call("i1", "q");
        h.advanceSeconds(30);
        assertThat(h.offeredTo("i1")).isEqualTo("b");
        assertThat(h.engine.interactionView("i1").orElseThrow().queueId()).isEqualTo("backup");
    }

    @Test
    void positionAndEstimatedWaitAreReportedForEveryWaitingInteraction() {
        EngineHarness h = new EngineHarness().queue(simple("q", Map.of("x", 1)));
        h.readyAgent("a", Map.of("x", 1));
        h.readyAgent("b", Map.of("x", 1));
        // Establish a pace of answers: one every 30 s.
        for (int i = 0; i < 6; i++) {
            h.call("w" + i, "q");
            h.handle("w" + i);
            h.advanceSeconds(30);
        }
        h.engine.notReady("a", "break");
        h.engine.notReady("b", "break");
        h.clear();
        for (int i = 0; i < 4; i++) {
            h.call("i" + i, "q");
        }
        List<InteractionQueued> queued = h.of(InteractionQueued.class);
        assertThat(queued).extracting(InteractionQueued::position).containsExactly(1, 2, 3, 4);
        assertThat(queued.get(0).estimatedWaitMillis()).isEqualTo(30_000);
        assertThat(queued.get(3).estimatedWaitMillis()).isEqualTo(120_000);
        assertThat(h.engine.interactionView("i2").orElseThrow().position()).isEqualTo(3);
        h.engine.end("i0", "caller hung up");
        assertThat(h.engine.interactionView("i2").orElseThrow().position()).isEqualTo(2);
        assertThat(h.engine.queueView("q").abandoned()).isEqualTo(1);
    }

    @Test
    void oneRuleAcrossQueuesPriorityThenServiceLevelRiskThenAge() {
        EngineHarness h = new EngineHarness();
        h.queue(queue("fast", Map.of("s", 1), null, null, null, null, null, 0, Duration.ofSeconds(10)));
        h.queue(queue("slow", Map.of("s", 1), null, null, null, null, null, 0, Duration.ofSeconds(60)));
        h.agent("a", Map.of("s", 5));
        h.call("slowOld", "slow");      // waits 20 s of 60 s: risk 0.33
        h.advanceSeconds(15);
        h.call("fastNew", "fast");      // waits 5 s of 10 s: risk 0.5
        h.advanceSeconds(5);
        h.call("slowHigh", "slow", 1);  // priority 1 beats both
        h.engine.login("a", true);
        assertThat(h.lastOffer().interactionId()).isEqualTo("slowHigh");
        assertThat(h.lastOffer().decision().candidates()).extracting(c -> c.id())
                .containsExactly("slowHigh", "fastNew"); // one head per group: slowOld is behind slowHigh
        h.handle("slowHigh");
        assertThat(h.lastOffer().interactionId()).isEqualTo("fastNew");
    }

    @Test
    void transferMovesAConnectedInteractionToAnotherQueueAndTheAgentWrapsUp() {
        EngineHarness h = new EngineHarness();
        h.queue(queue("a", Map.of("a", 1), null, null, null, null, null, 0, null));
        h.queue(new QueueConfig("b", null, Set.of(Channel.VOICE), Map.of("b", 1), null, null, null, null, null, null,
                null, null, 0, Duration.ofSeconds(30), null, null, null));
        h.readyAgent("x", Map.of("a", 1, "b", 1));
        h.readyAgent("y", Map.of("b", 1));
        h.call("i1", "a");
        h.engine.accept("i1", "x");
        h.engine.transfer("i1", "b", "x");
        assertThat(h.offeredTo("i1")).isEqualTo("y");
        assertThat(h.engine.agentView("x").state()).isEqualTo(AgentState.READY); // wrap-up of queue a is 0
        h.engine.accept("i1", "y");
        h.engine.end("i1", "done");
        assertThat(h.engine.agentView("y").state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(h.engine.interactionView("i1").orElseThrow().state()).isEqualTo(InteractionState.WRAP_UP);
        h.advanceSeconds(30);
        assertThat(h.engine.agentView("y").state()).isEqualTo(AgentState.READY);
        assertThat(h.engine.interactionView("i1")).isEmpty();
    }
}
