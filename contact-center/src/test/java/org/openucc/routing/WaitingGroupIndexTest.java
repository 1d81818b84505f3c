package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openucc.config.AgentConfig;
import org.openucc.config.OverflowStep;
import org.openucc.config.PriorityConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceLevel;
import org.openucc.interaction.Channel;
import org.openucc.interaction.InteractionState;
import org.openucc.interaction.Tier;

/**
 * The freed agent's search through the {@link WaitingGroupIndex} against a brute-force scan of every
 * waiting group, over many random contact centers driven by random commands: the index must report
 * exactly the same most urgent entries, in the same order, for every agent and channel mask.
 */
class WaitingGroupIndexTest {
    private static final Channel[] CHANNELS = {Channel.VOICE, Channel.CHAT, Channel.EMAIL};
    private static final String[] STRATEGIES = {"longest-idle", "most-skilled", "least-occupied", "round-robin", "ring-all"};

    @Test
    void indexedSearchPicksWhatAScanOfEveryGroupPicks() {
        long comparisons = 0;
        long nonEmpty = 0;
        long withRunnersUp = 0;
        for (int seed = 0; seed < 200; seed++) {
            Center c = new Center(new SplittableRandom(seed));
            for (int step = 0; step < 120; step++) {
                c.randomCommand();
                for (AgentSession a : c.engine.agentsByOrdinal) {
                    for (int mask : c.masks()) {
                        QueueEntry[] indexed = new QueueEntry[WaitingGroupIndex.TOP];
                        int n = c.engine.groups.index().mostUrgent(a, mask, c.engine.now, indexed);
                        QueueEntry[] scanned = bruteForce(c.engine, a, mask);
                        assertThat(ids(indexed))
                                .as("seed %d step %d, %s, channel mask %d", seed, step, a, mask)
                                .containsExactly(ids(scanned));
                        assertThat(n).isEqualTo((int) Arrays.stream(scanned).filter(e -> e != null).count());
                        comparisons++;
                        nonEmpty += n > 0 ? 1 : 0;
                        withRunnersUp += n == WaitingGroupIndex.TOP ? 1 : 0;
                    }
                }
            }
        }
        // The comparison must have had something to compare: most searches found work, many three heads.
        assertThat(comparisons).isGreaterThan(100_000);
        assertThat(nonEmpty).isGreaterThan(comparisons / 3);
        assertThat(withRunnersUp).isGreaterThan(comparisons / 10);
    }

    @Test
    void urgencyBetweenQueuesOfOneClassIsTheQueueOrder() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long aging = rnd.nextInt(3) == 0 ? 0 : 1_000L * (1 + rnd.nextInt(60));
            long sl = 1_000L * (1 + rnd.nextInt(60));
            QueueEntry x = entry(rnd, queue(aging, sl));
            QueueEntry y = entry(rnd, queue(aging, sl));
            long now = 10_000_000L + rnd.nextInt(1_000_000);
            assertThat(Integer.signum(Urgency.compare(x, y, now)))
                    .isEqualTo(Integer.signum(RoutingQueue.ORDER.compare(x, y)))
                    .isEqualTo(-Integer.signum(Urgency.compare(y, x, now)));
        }
    }

    @Test
    void urgencyAcrossClassesFollowsAgedPriorityThenServiceLevelRisk() {
        long now = 1_000_000;
        // Priority 1 aged one point per 10 s, waited 30 s: 4.0 beats priority 3 without aging.
        QueueEntry aged = entryAt(queue(10_000, 20_000), 1, now - 30_000, 1);
        QueueEntry flat = entryAt(queue(0, 20_000), 3, now - 30_000, 2);
        assertThat(Urgency.moreUrgent(aged, flat, now)).isTrue();
        // Equal aged priority (exactly 4): the one nearer its service-level target goes first.
        QueueEntry tight = entryAt(queue(0, 10_000), 4, now - 9_000, 3);
        QueueEntry loose = entryAt(queue(30_000, 60_000), 3, now - 30_000, 4);
        assertThat(Urgency.moreUrgent(tight, loose, now)).isTrue();
        assertThat(Urgency.moreUrgent(loose, tight, now)).isFalse();
        // A third of a point of aging each (1/3 is not exact in binary): still an exact tie, broken by risk.
        QueueEntry third = entryAt(queue(3_000, 20_000), 0, now - 1_000, 5);
        QueueEntry thirdAgain = entryAt(queue(9_000, 10_000), 0, now - 3_000, 6);
        assertThat(Urgency.compare(third, thirdAgain, now)).isPositive();
    }

    // ------------------------------------------------------------------ brute force

    /** Every group of the engine, one by one: the first entry the agent may take, top three by urgency. */
    private static QueueEntry[] bruteForce(RoutingEngine engine, AgentSession a, int mask) {
        List<QueueEntry> firsts = new ArrayList<>();
        for (WaitingGroup g : engine.groups.all()) {
            if ((mask & (1 << g.channel)) == 0 || g.isEmpty() || !g.eligible(a)) {
                continue;
            }
            for (QueueEntry e : g.inOrder()) {
                if (!e.excludes(a, engine.now)) {
                    firsts.add(e);
                    break;
                }
            }
        }
        firsts.sort((x, y) -> Urgency.compare(x, y, engine.now));
        QueueEntry[] top = new QueueEntry[WaitingGroupIndex.TOP];
        for (int i = 0; i < top.length && i < firsts.size(); i++) {
            top[i] = firsts.get(i);
        }
        return top;
    }

    private static String[] ids(QueueEntry[] entries) {
        return Arrays.stream(entries).map(e -> e == null ? "-" : e.id).toArray(String[]::new);
    }

    // ------------------------------------------------------------------ a random center

    /** A random contact center driven by random commands; shared with {@link SkippedSearchTest}. */
    static final class Center {
        final SplittableRandom rnd;
        final ManualClock clock = new ManualClock(1_000_000);
        final List<RoutingEvent> events = new ArrayList<>();
        final RoutingEngine engine;
        final List<QueueConfig> queues = new ArrayList<>();
        final List<String> agents = new ArrayList<>();
        final List<String> connected = new ArrayList<>();
        final String[] skills;
        int next;

        Center(SplittableRandom rnd) {
            this(rnd, true);
        }

        Center(SplittableRandom rnd, boolean skipProvablyEmptySearches) {
            this.rnd = rnd;
            this.skills = new String[3 + rnd.nextInt(5)];
            for (int i = 0; i < skills.length; i++) {
                skills[i] = (i < 2 ? "lang" : "s") + i;
            }
            engine = new RoutingEngine(new RoutingConfig(3, null, Duration.ofSeconds(5 + rnd.nextInt(20)), 0, null, 0),
                    clock, events::add, RoutingStrategies.builtIn());
            engine.skipProvablyEmptySearches = skipProvablyEmptySearches;
            int nQueues = 2 + rnd.nextInt(9);
            for (int q = 0; q < nQueues; q++) {
                QueueConfig cfg = randomQueue(q);
                queues.add(cfg);
                engine.upsertQueue(cfg);
            }
            int nAgents = 2 + rnd.nextInt(25);
            for (int i = 0; i < nAgents; i++) {
                String id = "a" + i;
                Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
                for (Channel ch : CHANNELS) {
                    if (rnd.nextInt(3) > 0) {
                        capacity.put(ch, ch == Channel.VOICE ? 1 : 1 + rnd.nextInt(3));
                    }
                }
                engine.upsertAgent(new AgentConfig(id, null, randomSkills(1 + rnd.nextInt(4)), capacity));
                agents.add(id);
                if (rnd.nextInt(4) > 0) {
                    engine.login(id, rnd.nextInt(5) > 0);
                }
            }
        }

        QueueConfig randomQueue(int q) {
            Set<Channel> channels = Set.copyOf(List.of(
                    Arrays.copyOfRange(shuffled(CHANNELS), 0, 1 + rnd.nextInt(CHANNELS.length))));
            Map<String, Integer> required = randomSkills(rnd.nextInt(3));
            required.replaceAll((k, v) -> 1 + rnd.nextInt(5));
            Duration aging = switch (rnd.nextInt(3)) {
                case 0 -> null;
                case 1 -> Duration.ofSeconds(10);
                default -> Duration.ofMillis(3_000 + rnd.nextInt(3) * 1_500);
            };
            PriorityConfig priority = new PriorityConfig(Map.of(Tier.VIP, 3 * rnd.nextInt(3), Tier.A, rnd.nextInt(3)), aging);
            List<OverflowStep> overflow = new ArrayList<>();
            for (int s = 0, n = rnd.nextInt(3); s < n; s++) {
                List<String> also = q > 0 && rnd.nextBoolean() ? List.of("q" + rnd.nextInt(q)) : List.of();
                Integer minLevel = rnd.nextBoolean() ? 1 + rnd.nextInt(2) : null;
                overflow.add(new OverflowStep(Duration.ofSeconds(5 + 10L * s + rnd.nextInt(10)), minLevel, also));
            }
            ServiceLevel sl = new ServiceLevel(80, Duration.ofSeconds(new int[] {10, 20, 60}[rnd.nextInt(3)]));
            return new QueueConfig("q" + q, null, channels, required, sl, STRATEGIES[rnd.nextInt(STRATEGIES.length)],
                    null, priority, overflow, null, null, null, 0, Duration.ofSeconds(rnd.nextInt(3)),
                    Duration.ofSeconds(8 + rnd.nextInt(10)), null, null);
        }

        Map<String, Integer> randomSkills(int n) {
            Map<String, Integer> out = new HashMap<>();
            for (int i = 0; i < n; i++) {
                out.put(skills[rnd.nextInt(skills.length)], 1 + rnd.nextInt(10));
            }
            return out;
        }

        Channel[] shuffled(Channel[] in) {
            Channel[] out = in.clone();
            for (int i = out.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Channel t = out[i];
                out[i] = out[j];
                out[j] = t;
            }
            return out;
        }

        int[] masks() {
            int all = 0;
            for (Channel ch : CHANNELS) {
                all |= 1 << ch.ordinal();
            }
            return new int[] {all, 1 << Channel.VOICE.ordinal(), 1 << Channel.CHAT.ordinal(),
                    (1 << Channel.CHAT.ordinal()) | (1 << Channel.EMAIL.ordinal())};
        }

        /** Mostly arrivals (so work piles up), then answers, declines, ends, time passing, agent changes. */
        void randomCommand() {
            int r = rnd.nextInt(100);
            try {
                if (r < 40) {
                    arrive();
                } else if (r < 55) {
                    answerOrDecline(rnd.nextInt(3) == 0);
                } else if (r < 65) {
                    endOne();
                } else if (r < 80) {
                    clock.advance(Duration.ofMillis(rnd.nextInt(12_000)));
                    engine.advanceTime();
                } else if (r < 87) {
                    String a = agents.get(rnd.nextInt(agents.size()));
                    if (engine.agentView(a).state() == AgentState.LOGGED_OUT) {
                        engine.login(a, true);
                    } else if (rnd.nextBoolean()) {
                        engine.notReady(a, "break");
                    } else {
                        engine.ready(a);
                    }
                } else if (r < 92) {
                    engine.setAgentSkills(agents.get(rnd.nextInt(agents.size())), randomSkills(1 + rnd.nextInt(4)));
                } else if (r < 95) {
                    changePriority();
                } else if (r < 97) {
                    int q = rnd.nextInt(queues.size());
                    QueueConfig cfg = randomQueue(q);
                    engine.upsertQueue(cfg);
                    queues.set(q, cfg);
                } else {
                    transferOne();
                }
            } catch (RoutingException expected) {
                // A command that does not apply now (e.g. a queue that no longer takes the channel): skip it.
            }
        }

        void arrive() {
            QueueConfig q = queues.get(rnd.nextInt(queues.size()));
            Channel ch = List.copyOf(q.channels()).get(rnd.nextInt(q.channels().size()));
            Map<String, Integer> extra = rnd.nextInt(4) == 0 ? Map.of(skills[rnd.nextInt(2)], 1 + rnd.nextInt(4)) : Map.of();
            Tier tier = rnd.nextBoolean() ? null : Tier.values()[rnd.nextInt(Tier.values().length)];
            engine.addInteraction(new NewInteraction("i" + next++, ch, q.id(), extra, rnd.nextInt(4), tier, null, null,
                    Map.of()));
        }

        void answerOrDecline(boolean decline) {
            List<QueueEntry> offered = new ArrayList<>();
            for (QueueEntry e : engine.allEntries()) {
                if (e.state == InteractionState.OFFERED) {
                    offered.add(e);
                }
            }
            if (offered.isEmpty()) {
                return;
            }
            offered.sort((x, y) -> x.id.compareTo(y.id));
            QueueEntry e = offered.get(rnd.nextInt(offered.size()));
            String agent = e.offeredTo[rnd.nextInt(e.offeredTo.length)].id;
            if (decline) {
                engine.decline(e.id, agent);
            } else {
                engine.accept(e.id, agent);
                connected.add(e.id);
            }
        }

        void endOne() {
            if (!connected.isEmpty()) {
                engine.customerLeft(connected.remove(rnd.nextInt(connected.size())), "done");
            }
        }

        void changePriority() {
            List<String> waiting = waitingIds();
            if (!waiting.isEmpty()) {
                engine.changePriority(waiting.get(rnd.nextInt(waiting.size())), rnd.nextInt(6));
            }
        }

        void transferOne() {
            List<String> waiting = waitingIds();
            if (!waiting.isEmpty()) {
                engine.transfer(waiting.get(rnd.nextInt(waiting.size())), queues.get(rnd.nextInt(queues.size())).id(), null);
            }
        }

        List<String> waitingIds() {
            List<String> out = new ArrayList<>();
            for (QueueEntry e : engine.allEntries()) {
                if (e.isWaiting()) {
                    out.add(e.id);
                }
            }
            out.sort(String::compareTo);
            return out;
        }
    }

    // ------------------------------------------------------------------ entries for the urgency rule

    private static int queues;

    private static RoutingQueue queue(long agingMillis, long serviceLevelMillis) {
        RoutingQueue q = new RoutingQueue(queues++, "t" + queues);
        q.agingMillis = agingMillis;
        q.serviceLevelMillis = serviceLevelMillis;
        return q;
    }

    private static QueueEntry entry(SplittableRandom rnd, RoutingQueue q) {
        return entryAt(q, rnd.nextInt(5), 9_000_000L + rnd.nextInt(1_000_000), rnd.nextInt(1_000_000));
    }

    private static QueueEntry entryAt(RoutingQueue q, int priority, long arrival, long seq) {
        QueueEntry e = new QueueEntry("e" + seq, Channel.VOICE, Requirement.NONE, priority, null, null, null, Map.of(), arrival);
        e.queue = q;
        e.priority = priority;
        e.arrivalMillis = arrival;
        e.seq = seq;
        e.rankKey = q.rankKey(priority, arrival);
        return e;
    }
}
