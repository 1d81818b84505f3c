package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-skill state and level counters that decisions report (excluded agents by reason), kept up
 * to date move by move, against a recount over every agent, through random centers and commands.
 */
class SkillCountersTest {
    @Test
    void countersAgreeWithARecountOfEveryAgent() {
        long checks = 0;
        for (int seed = 0; seed < 150; seed++) {
            WaitingGroupIndexTest.Center c = new WaitingGroupIndexTest.Center(new SplittableRandom(seed));
            for (int step = 0; step < 200; step++) {
                c.randomCommand();
                RoutingEngine engine = c.engine;
                for (String name : c.skills) {
                    int skill = engine.skills.find(name);
                    if (skill < 0) {
                        continue;
                    }
                    for (AgentState state : AgentState.values()) {
                        long expected = engine.agentsByOrdinal.stream()
                                .filter(a -> a != null && a.level(skill) > 0 && a.publishedState == state).count();
                        assertThat(engine.counters.inState(skill, state)).as("seed %d step %d %s %s", seed, step, name, state)
                                .isEqualTo((int) expected);
                    }
                    for (int level = 1; level <= SkillRegistry.MAX_LEVEL; level++) {
                        int min = level;
                        long expected = engine.agentsByOrdinal.stream().filter(a -> a != null && a.level(skill) >= min
                                && a.publishedState != AgentState.LOGGED_OUT).count();
                        assertThat(engine.counters.loggedIn(skill, level)).as("seed %d step %d %s >= %d", seed, step, name, level)
                                .isEqualTo((int) expected);
                        checks++;
                    }
                }
            }
        }
        assertThat(checks).isGreaterThan(100_000);
    }
}
