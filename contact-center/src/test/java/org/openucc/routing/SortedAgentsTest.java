package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The chunked sorted list behind the least-busy availability order, against a TreeSet. */
class SortedAgentsTest {
    private static final Comparator<AgentSession> LEAST_BUSY = Comparator.<AgentSession>comparingLong(a -> a.busyMillis)
            .thenComparingInt(a -> a.ordinal);

    @Test
    void keepsTheSameOrderAsATreeSetThroughRandomAddsAndRemoves() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 40; round++) {
            int population = 1 + rnd.nextInt(round < 20 ? 40 : 600);
            List<AgentSession> agents = new ArrayList<>();
            for (int i = 0; i < population; i++) {
                AgentSession a = new AgentSession(i, "a" + i);
                a.busyMillis = rnd.nextInt(50);
                agents.add(a);
            }
            SortedAgents sorted = new SortedAgents(LEAST_BUSY);
            TreeSet<AgentSession> reference = new TreeSet<>(LEAST_BUSY);
            for (int op = 0; op < 3_000; op++) {
                AgentSession a = agents.get(rnd.nextInt(population));
                if (reference.contains(a)) {
                    assertThat(sorted.remove(a)).isTrue();
                    reference.remove(a);
                    assertThat(sorted.remove(a)).isFalse();
                } else {
                    sorted.add(a);
                    reference.add(a);
                }
                if (op % 97 == 0 || population < 10) {
                    List<AgentSession> walked = new ArrayList<>();
                    sorted.forEach(walked::add);
                    assertThat(walked).containsExactlyElementsOf(reference);
                }
                assertThat(sorted.size()).isEqualTo(reference.size());
            }
            List<AgentSession> walked = new ArrayList<>();
            sorted.forEach(walked::add);
            assertThat(walked).containsExactlyElementsOf(reference);
        }
    }
}
