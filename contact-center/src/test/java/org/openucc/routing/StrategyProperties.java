package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.interaction.Channel;

/**
 * Each built-in strategy picks the agent it promises, checked against a brute-force reference over
 * randomly generated agents (levels, idle order, accumulated handle time).
 */
class StrategyProperties {

    /** One generated agent: level in the routed skill (0 = lacks it), when it became ready, handle time. */
    record Spec(int level, int readyOrder, int busySeconds) {
    }

    @Provide
    Arbitrary<List<Spec>> agents() {
        return Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 5)).as(Spec::new).list().ofMinSize(1).ofMaxSize(25);
    }

    /** Builds the engine: every agent handled one warm-up interaction of its busy time, then went ready in readyOrder. */
    private static EngineHarness setUp(String strategy, int minLevel, List<Spec> specs) {
        EngineHarness h = new EngineHarness(new RoutingConfig(3, null, null, 50, null, 0));
        h.queue(new QueueConfig("warm", null, Set.of(Channel.VOICE), Map.of("w", 1), null, null, null, null, null,
                null, null, null, 0, Duration.ZERO, null, null, null));
        h.queue(new QueueConfig("q", null, Set.of(Channel.VOICE), Map.of("s", minLevel), null, strategy, null, null,
                null, null, null, null, 0, Duration.ZERO, null, null, null));
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            h.agent("a" + i, s.level() == 0 ? Map.of("w", 1) : Map.of("w", 1, "s", s.level()));
            h.engine.login("a" + i, true);
            if (s.busySeconds() > 0) {
                h.call("warm" + i, "warm");
                h.engine.accept("warm" + i, "a" + i);
                h.advanceSeconds(s.busySeconds());
                h.engine.end("warm" + i, "done");
            }
            h.engine.notReady("a" + i, "setup");
        }
        List<Integer> order = IntStream.range(0, specs.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> specs.get(i).readyOrder()).thenComparing(i -> i)).toList();
        for (int i : order) {
            h.advanceSeconds(1);
            h.engine.ready("a" + i);
        }
        h.clear();
        return h;
    }

    /** Position of each agent in the ready order (lower = idle longer). */
    private static int idleRank(List<Spec> specs, int i) {
        return specs.get(i).readyOrder() * 1000 + i;
    }

    private static List<Integer> eligible(List<Spec> specs, int minLevel) {
        return IntStream.range(0, specs.size()).filter(i -> specs.get(i).level() >= minLevel).boxed().toList();
    }

    @Property(tries = 150)
    void longestIdlePicksTheEligibleAgentIdleLongest(@ForAll("agents") List<Spec> specs, @ForAll @IntRange(min = 1, max = 10) int minLevel) {
        EngineHarness h = setUp("longest-idle", minLevel, specs);
        h.call("x", "q");
        List<Integer> el = eligible(specs, minLevel);
        if (el.isEmpty()) {
            assertThat(h.offers()).isEmpty();
            return;
        }
        int expected = el.stream().min(Comparator.comparingInt(i -> idleRank(specs, i))).orElseThrow();
        assertThat(h.offeredTo("x")).isEqualTo("a" + expected);
    }

    @Property(tries = 150)
    void mostSkilledPicksTheHighestLevelThenLongestIdle(@ForAll("agents") List<Spec> specs, @ForAll @IntRange(min = 1, max = 10) int minLevel) {
        EngineHarness h = setUp("most-skilled", minLevel, specs);
        h.call("x", "q");
        List<Integer> el = eligible(specs, minLevel);
        if (el.isEmpty()) {
            assertThat(h.offers()).isEmpty();
            return;
        }
        int expected = el.stream().min(Comparator.comparingInt((Integer i) -> -specs.get(i).level())
                .thenComparingInt(i -> idleRank(specs, i))).orElseThrow();
        assertThat(h.offeredTo("x")).isEqualTo("a" + expected);
    }

    @Property(tries = 150)
    void leastOccupiedPicksTheLeastHandleTimeThenLongestIdle(@ForAll("agents") List<Spec> specs, @ForAll @IntRange(min = 1, max = 10) int minLevel) {
        EngineHarness h = setUp("least-occupied", minLevel, specs);
        h.call("x", "q");
        List<Integer> el = eligible(specs, minLevel);
        if (el.isEmpty()) {
            assertThat(h.offers()).isEmpty();
            return;
        }
        int expected = el.stream().min(Comparator.comparingInt((Integer i) -> specs.get(i).busySeconds())
                .thenComparingInt(i -> idleRank(specs, i))).orElseThrow();
        assertThat(h.offeredTo("x")).isEqualTo("a" + expected);
    }

    @Property(tries = 100)
    void roundRobinVisitsEligibleAgentsInTurn(@ForAll("agents") List<Spec> specs, @ForAll @IntRange(min = 1, max = 10) int minLevel,
                                             @ForAll @IntRange(min = 1, max = 40) int calls) {
        EngineHarness h = setUp("round-robin", minLevel, specs);
        List<Integer> el = eligible(specs, minLevel);
        List<String> got = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            h.call("x" + c, "q");
            if (el.isEmpty()) {
                continue;
            }
            got.add(h.offeredTo("x" + c));
            h.handle("x" + c);
        }
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < calls && !el.isEmpty(); c++) {
            expected.add("a" + el.get(c % el.size()));
        }
        assertThat(got).isEqualTo(expected);
    }

    @Property(tries = 100)
    void ringAllRingsExactlyTheEligibleAgents(@ForAll("agents") List<Spec> specs, @ForAll @IntRange(min = 1, max = 10) int minLevel) {
        EngineHarness h = setUp("ring-all", minLevel, specs);
        h.call("x", "q");
        Set<String> expected = eligible(specs, minLevel).stream().map(i -> "a" + i).collect(Collectors.toSet());
        assertThat(h.offers().stream().map(RoutingEvent.OfferMade::agentId).collect(Collectors.toSet())).isEqualTo(expected);
    }
}
