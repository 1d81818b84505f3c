package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openucc.interaction.Channel;
import org.openucc.routing.spi.AgentOrder;

/**
 * The walks over the availability index (k-way merges of level buckets, compared by the keys the
 * buckets keep) against a brute-force sort of every available agent by the order's comparator, over
 * many random contact centers driven by random commands: same agents in the same order, and the same
 * count of agents walked past (it is reported in decisions).
 */
class AgentCursorTest {
    private static final Channel[] CHANNELS = {Channel.VOICE, Channel.CHAT, Channel.EMAIL};

    @Test
    void indexWalksReturnWhatASortOfEveryAvailableAgentReturns() {
        long compared = 0;
        long nonEmpty = 0;
        long longWalks = 0;
        for (int seed = 0; seed < 150; seed++) {
            WaitingGroupIndexTest.Center c = new WaitingGroupIndexTest.Center(new SplittableRandom(seed));
            SplittableRandom rnd = new SplittableRandom(seed * 31L + 7);
            for (int step = 0; step < 150; step++) {
                c.randomCommand();
                if (step % 2 == 0) {
                    c.endOne(); // free agents up more often than the shared driver does: walks need available agents
                }
                RoutingEngine engine = c.engine;
                for (Channel ch : CHANNELS) {
                    int channel = ch.ordinal();
                    for (AgentOrder order : AgentOrder.values()) {
                        Requirement req = randomRequirement(c, rnd);
                        for (int skill : req.skills) {
                            engine.index.require(order, channel, skill, engine.agentsByOrdinal);
                        }
                        AgentCursor.Factory cursors = new AgentCursor.Factory(engine.index);
                        Comparator<AgentSession> cmp = engine.index.comparator(order, channel);

                        // merged: every available agent satisfying the requirement, in the order.
                        AgentCursor merged = cursors.merged(order, channel, req, -1);
                        List<AgentSession> got = drain(merged);
                        List<AgentSession> expected = available(engine, channel, a -> req.satisfiedBy(a), cmp);
                        assertThat(ids(got)).as("seed %d step %d %s %s", seed, step, ch, order).isEqualTo(ids(expected));
                        int anchor = req.skills[cursors.anchor(order, channel, req)];
                        int anchorMin = Math.max(1, minLevel(req, anchor));
                        long walkedPast = available(engine, channel, a -> a.level(anchor) >= anchorMin && !req.satisfiedBy(a), cmp).size();
                        assertThat(merged.skipped()).as("walked past, seed %d step %d", seed, step).isEqualTo((int) walkedPast);
                        compared++;
                        nonEmpty += got.isEmpty() ? 0 : 1;
                        longWalks += got.size() + walkedPast > 3 ? 1 : 0;

                        // byLevel: by descending level of one skill (maybe not required), then the order.
                        int bySkill = engine.skills.find(c.skills[rnd.nextInt(c.skills.length)]);
                        if (bySkill > 0) {
                            engine.index.require(order, channel, bySkill, engine.agentsByOrdinal);
                            List<AgentSession> byLevel = drain(cursors.byLevel(bySkill, order, channel, req));
                            Comparator<AgentSession> levelFirst = Comparator.<AgentSession>comparingInt(a -> -a.level(bySkill))
                                    .thenComparing(cmp);
                            assertThat(ids(byLevel)).as("by level, seed %d step %d %s %s", seed, step, ch, order)
                                    .isEqualTo(ids(available(engine, channel, a -> req.satisfiedBy(a), levelFirst)));
                            compared++;
                        }

                        // agent order from an ordinal on (round robin's seek).
                        if (order == AgentOrder.AGENT_ORDER) {
                            int from = rnd.nextInt(engine.agentsByOrdinal.size() + 1);
                            List<AgentSession> sought = drain(cursors.merged(order, channel, req, from));
                            assertThat(ids(sought)).isEqualTo(ids(available(engine, channel,
                                    a -> a.ordinal >= from && req.satisfiedBy(a), cmp)));
                            compared++;
                        }
                    }
                }
            }
        }
        System.out.printf("compared %d walks, %d non-empty, %d longer than three agents%n", compared, nonEmpty, longWalks);
        assertThat(compared).isGreaterThan(100_000);
        assertThat(nonEmpty).isGreaterThan(4_000);
        assertThat(longWalks).isGreaterThan(2_000);
    }

    private static Requirement randomRequirement(WaitingGroupIndexTest.Center c, SplittableRandom rnd) {
        Map<String, Integer> skills = new HashMap<>();
        for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
            skills.put(c.skills[rnd.nextInt(c.skills.length)], 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 10));
        }
        return Requirement.of(c.engine.skills, skills);
    }

    private static int minLevel(Requirement req, int skill) {
        for (int i = 0; i < req.skills.length; i++) {
            if (req.skills[i] == skill) {
                return req.minLevels[i];
            }
        }
        return 0;
    }

    /** Agents in the index on the channel and not ringing with an offer, passing the filter, sorted. */
    private static List<AgentSession> available(RoutingEngine engine, int channel, java.util.function.Predicate<AgentSession> filter,
                                                Comparator<AgentSession> order) {
        List<AgentSession> out = new ArrayList<>();
        for (AgentSession a : engine.agentsByOrdinal) {
            if (a != null && (a.indexedMask & (1 << channel)) != 0 && a.pendingOffer == null && filter.test(a)) {
                out.add(a);
            }
        }
        out.sort(order);
        return out;
    }

    private static List<AgentSession> drain(AgentCursor cursor) {
        List<AgentSession> out = new ArrayList<>();
        for (AgentSession a = cursor.nextAgent(); a != null; a = cursor.nextAgent()) {
            out.add(a);
        }
        return out;
    }

    private static List<String> ids(List<AgentSession> agents) {
        return agents.stream().map(a -> a.id).toList();
    }
}
