package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openucc.config.QueueConfig;
import org.openucc.routing.spi.AgentOrder;
import org.openucc.routing.spi.Candidate;
import org.openucc.routing.spi.CandidateIterator;
import org.openucc.routing.spi.RoutingStrategy;
import org.openucc.routing.spi.RoutingStrategyProvider;
import org.openucc.routing.spi.ScoredCandidate;
import org.openucc.routing.spi.Selection;
import org.openucc.routing.spi.SelectionContext;

class StrategyPluginTest {

    /** A site's own rule: prefer agents whose id matches the interaction's "team" attribute, with per-queue state. */
    static final class TeamFirst implements RoutingStrategy {
        final String fallbackNote;
        int selections;

        TeamFirst(QueueConfig q) {
            this.fallbackNote = q.strategyOptions().getOrDefault("note", "none");
        }

        @Override
        public Selection select(SelectionContext ctx) {
            selections++;
            String team = ctx.attributes().get("team");
            List<Candidate> all = new ArrayList<>();
            CandidateIterator it = ctx.candidates(AgentOrder.LONGEST_IDLE);
            for (Candidate c = it.next(); c != null; c = it.next()) {
                all.add(c);
            }
            Candidate pick = all.stream().filter(c -> team != null && c.agentId().startsWith(team)).findFirst()
                    .orElse(all.isEmpty() ? null : all.get(0));
            if (pick == null) {
                return Selection.none("team first");
            }
            return new Selection(List.of(pick), List.of(new ScoredCandidate(pick.agentId(), 1, fallbackNote)),
                    "team first", "longest idle");
        }
    }

    private static RoutingStrategyProvider provider() {
        return new RoutingStrategyProvider() {
            @Override
            public String name() {
                return "team-first";
            }

            @Override
            public RoutingStrategy create(QueueConfig queue) {
                return new TeamFirst(queue);
            }
        };
    }

    @Test
    void aPluggedInStrategyRoutesWithItsOwnPerQueueConfigurationAndState() {
        EngineHarness h = new EngineHarness(org.openucc.config.RoutingConfig.DEFAULTS,
                RoutingStrategies.with(List.of(provider())));
        h.queue(new QueueConfig("q", null, null, Map.of("s", 1), null, "team-first", Map.of("note", "plugged"),
                null, null, null, null, null, 0, null, null, null, null));
        h.readyAgent("red-1", Map.of("s", 1));
        h.readyAgent("blue-1", Map.of("s", 1));
        h.engine.addInteraction(new NewInteraction("i1", org.openucc.interaction.Channel.VOICE, "q", Map.of(), 0,
                null, null, null, Map.of("team", "blue")));
        assertThat(h.offeredTo("i1")).isEqualTo("blue-1");
        assertThat(h.lastOffer().decision().rule()).isEqualTo("team first");
        assertThat(h.lastOffer().decision().candidates().get(0).detail()).isEqualTo("plugged");
    }

    @Test
    void unknownStrategyNamesTheKnownOnes() {
        EngineHarness h = new EngineHarness();
        assertThatThrownBy(() -> h.queue("q", "nope", Map.of()))
                .hasMessageContaining("unknown routing strategy 'nope'")
                .hasMessageContaining("longest-idle");
    }

    @Test
    void strategyThatPicksAnUnavailableAgentIsCaught() {
        RoutingStrategyProvider rogue = new RoutingStrategyProvider() {
            @Override
            public String name() {
                return "rogue";
            }

            @Override
            public RoutingStrategy create(QueueConfig queue) {
                return ctx -> {
                    Candidate fake = new AgentSession(99, "ghost");
                    return new Selection(List.of(fake), List.of(), "rogue", "");
                };
            }
        };
        EngineHarness h = new EngineHarness(org.openucc.config.RoutingConfig.DEFAULTS,
                RoutingStrategies.with(List.of(rogue)));
        h.queue("q", "rogue", Map.of());
        assertThatThrownBy(() -> h.call("i1", "q")).hasMessageContaining("chose ghost, who is not available");
    }
}
