package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.interaction.Channel;
import org.openucc.routing.spi.AgentOrder;

/**
 * Leaving the longest-idle buckets is lazy ({@link IdleBucket}): stale nodes stay linked until a walk
 * passes them or their agent comes back. Over many random centers driven by random commands (with
 * logouts, removed and re-added agents, skill changes), and walking only every third step so that
 * stale nodes pile up across commands, this checks every longest-idle bucket against a recount of
 * the free agents: a walk returns exactly the agents indexed on the channel with that skill at that
 * level, in the order's sort, with their keys; and the raw lists, stale nodes included, stay sorted,
 * hold only nodes of present agents' current skills and levels, and carry live agents' current keys.
 */
class IdleBucketLazinessTest {
    private static final Channel[] CHANNELS = {Channel.VOICE, Channel.CHAT, Channel.EMAIL};

    @Test
    void bucketsWithLazyLeavingEqualARecountOfFreeAgents() {
        long walked = 0;
        long nonEmpty = 0;
        long staleSeen = 0;
        for (int seed = 0; seed < 120; seed++) {
            WaitingGroupIndexTest.Center c = new WaitingGroupIndexTest.Center(new SplittableRandom(seed));
            SplittableRandom rnd = new SplittableRandom(seed * 17L + 3);
            for (int step = 0; step < 200; step++) {
                c.randomCommand();
                if (step % 2 == 0) {
                    c.endOne();
                }
                agentComesOrGoes(c, rnd);
                staleSeen += checkRawLists(c.engine, seed, step);
                if (step % 3 == 0) {
                    for (Channel ch : CHANNELS) {
                        int channel = ch.ordinal();
                        for (int skill = 0; skill < c.engine.skills.count(); skill++) {
                            if (!c.engine.index.isMaintained(AgentOrder.LONGEST_IDLE, channel, skill)) {
                                continue;
                            }
                            for (int level = 1; level <= SkillRegistry.MAX_LEVEL; level++) {
                                List<String> got = walk(c.engine, channel, skill, level);
                                List<String> expected = recount(c.engine, channel, skill, level);
                                assertThat(got).as("seed %d step %d channel %s skill %d level %d", seed, step, ch, skill, level)
                                        .isEqualTo(expected);
                                walked++;
                                nonEmpty += got.isEmpty() ? 0 : 1;
                            }
                        }
                    }
                    assertThat(checkRawLists(c.engine, seed, step)).as("a full walk unlinks every stale node").isZero();
                }
            }
        }
        System.out.printf("walked %d buckets (%d non-empty); %d stale nodes seen between walks%n", walked, nonEmpty, staleSeen);
        assertThat(walked).isGreaterThan(200_000);
        assertThat(nonEmpty).isGreaterThan(20_000);
        assertThat(staleSeen).isGreaterThan(5_000);
    }

    /** Logs an agent out now and then, and removes and re-adds a logged-out one with new skills. */
    private static void agentComesOrGoes(WaitingGroupIndexTest.Center c, SplittableRandom rnd) {
        String id = c.agents.get(rnd.nextInt(c.agents.size()));
        try {
            if (rnd.nextInt(15) == 0 && c.engine.agentView(id).state() != AgentState.LOGGED_OUT) {
                c.engine.logout(id);
            } else if (rnd.nextInt(25) == 0 && c.engine.agentView(id).state() == AgentState.LOGGED_OUT) {
                c.engine.removeAgent(id);
                Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
                capacity.put(Channel.VOICE, 1);
                capacity.put(Channel.CHAT, 1 + rnd.nextInt(3));
                c.engine.upsertAgent(new AgentConfig(id, null, c.randomSkills(1 + rnd.nextInt(4)), capacity));
                c.engine.login(id, true);
            }
        } catch (RoutingException notNow) {
            // e.g. logging out an agent who is already logging out
        }
    }

    private static List<String> walk(RoutingEngine engine, int channel, int skill, int level) {
        List<String> out = new ArrayList<>();
        BucketWalk w = engine.index.iterate(AgentOrder.LONGEST_IDLE, channel, skill, level, -1);
        while (w != null && w.hasNext()) {
            AgentSession a = w.next();
            assertThat(new long[] {w.key1, w.key2, w.key3}).as("keys of %s", a.id)
                    .containsExactly(a.load[channel], a.idleSince, a.ordinal);
            out.add(a.id);
        }
        return out;
    }

    private static List<String> recount(RoutingEngine engine, int channel, int skill, int level) {
        List<AgentSession> free = new ArrayList<>();
        for (AgentSession a : engine.agentsByOrdinal) {
            if (a != null && (a.indexedMask & (1 << channel)) != 0 && a.level(skill) == level) {
                free.add(a);
            }
        }
        free.sort(engine.index.comparator(AgentOrder.LONGEST_IDLE, channel));
        return free.stream().map(a -> a.id).toList();
    }

    /** Checks every linked node, stale or live; returns how many were stale. */
    private static int checkRawLists(RoutingEngine engine, int seed, int step) {
        int[] stale = {0};
        engine.index.forEachIdleBucket((channel, skill, level, bucket) -> {
            List<List<IdleBucket.Node>> lists = bucket.linkedNodes();
            int linked = 0;
            for (int load = 0; load < lists.size(); load++) {
                IdleBucket.Node prev = null;
                for (IdleBucket.Node n : lists.get(load)) {
                    String where = "seed " + seed + " step " + step + " node of " + n.agent.id;
                    assertThat(n.bucket).as(where).isSameAs(bucket);
                    assertThat(n.load).as(where).isEqualTo(load);
                    assertThat(engine.agentsByOrdinal.get(n.ordinal)).as(where + ": agent present").isSameAs(n.agent);
                    assertThat(n.agent.level(skill)).as(where + ": current level").isEqualTo(level);
                    assertThat(n.agent.idleNode(channel, slotOf(n.agent, skill))).as(where + ": current node").isSameAs(n);
                    if (prev != null) {
                        assertThat(prev.idleSince < n.idleSince || prev.idleSince == n.idleSince && prev.ordinal < n.ordinal)
                                .as(where + ": sorted").isTrue();
                    }
                    boolean live = bucket.isLive(n);
                    assertThat(live).as(where + ": live bit").isEqualTo((n.agent.indexedMask & (1 << channel)) != 0);
                    if (live) {
                        assertThat(new long[] {n.load, n.idleSince}).as(where + ": live keys")
                                .containsExactly(n.agent.load[channel], n.agent.idleSince);
                    } else {
                        stale[0]++;
                    }
                    prev = n;
                    linked++;
                }
                assertThat(bucket.tailOf(load)).as("seed " + seed + " step " + step + ": tail of load " + load).isSameAs(prev);
            }
            assertThat(bucket.size()).isEqualTo(linked);
        });
        return stale[0];
    }

    private static int slotOf(AgentSession a, int skill) {
        for (int i = 0; i < a.skillIds.length; i++) {
            if (a.skillIds[i] == skill) {
                return i;
            }
        }
        throw new AssertionError(a.id + " does not hold skill " + skill);
    }
}
