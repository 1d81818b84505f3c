package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;

/**
 * The two intrusive treaps on {@link QueueEntry}: a waiting group's entries ({@link GroupEntries}, whose
 * first entry is the work a freed agent is offered) and a queue's positions ({@link RankedSet}), both
 * against a {@link TreeSet} in {@link RoutingQueue#ORDER}. An entry sits in both at once, as in the
 * engine, so the two sets of links must not disturb each other.
 */
class QueueOrderStructuresTest {

    @Test
    void groupEntriesAndPositionsFollowQueueOrderThroughRandomAddsAndRemoves() {
        SplittableRandom rnd = new SplittableRandom(17);
        long compared = 0;
        for (int round = 0; round < 60; round++) {
            int population = 1 + rnd.nextInt(round < 30 ? 30 : 400);
            List<QueueEntry> entries = new ArrayList<>();
            for (int i = 0; i < population; i++) {
                entries.add(entry(rnd, i));
            }
            GroupEntries group = new GroupEntries();
            RankedSet positions = new RankedSet();
            TreeSet<QueueEntry> reference = new TreeSet<>(RoutingQueue.ORDER);
            for (int op = 0; op < 2_000; op++) {
                QueueEntry e = entries.get(rnd.nextInt(population));
                if (reference.contains(e)) {
                    assertThat(group.remove(e)).isTrue();
                    assertThat(positions.remove(e)).isTrue();
                    reference.remove(e);
                    assertThat(group.remove(e)).isFalse();
                    assertThat(positions.remove(e)).isFalse();
                } else {
                    if (rnd.nextInt(4) == 0) { // re-keyed while out, as a priority change or a requeue does
                        e.rankKey = rnd.nextInt(4);
                        e.arrivalMillis = rnd.nextInt(50);
                    }
                    assertThat(group.add(e)).isTrue();
                    positions.add(e);
                    reference.add(e);
                    assertThat(group.add(e)).isFalse();
                }
                assertThat(group.size()).isEqualTo(reference.size());
                assertThat(positions.size()).isEqualTo(reference.size());
                assertThat(group.first()).isSameAs(reference.isEmpty() ? null : reference.first());
                assertThat(positions.first()).isSameAs(reference.isEmpty() ? null : reference.first());
                if (op % 53 == 0 || population < 12) {
                    List<QueueEntry> walked = new ArrayList<>();
                    group.forEach(walked::add);
                    assertThat(walked).containsExactlyElementsOf(reference);
                    int rank = 0;
                    for (QueueEntry r : reference) {
                        assertThat(positions.rank(r)).isEqualTo(rank++);
                        QueueEntry next = reference.higher(r);
                        assertThat(group.after(r)).isSameAs(next);
                        compared++;
                    }
                    for (QueueEntry out : entries) {
                        if (!reference.contains(out)) {
                            assertThat(positions.rank(out)).isEqualTo(reference.headSet(out).size());
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(100_000);
    }

    @Test
    void anEntryIsInOneGroupAtATime() {
        QueueEntry e = entry(new SplittableRandom(1), 0);
        GroupEntries first = new GroupEntries();
        GroupEntries second = new GroupEntries();
        assertThat(first.add(e)).isTrue();
        assertThatThrownBy(() -> second.add(e)).isInstanceOf(IllegalStateException.class).hasMessageContaining("i0");
        assertThat(first.remove(e)).isTrue();
        assertThat(second.add(e)).isTrue();
        assertThat(second.first()).isSameAs(e);
        assertThat(first.isEmpty()).isTrue();
    }

    private static QueueEntry entry(SplittableRandom rnd, int i) {
        QueueEntry e = new QueueEntry("i" + i, Channel.VOICE, Requirement.NONE, 0, Tier.C, null, null, Map.of(), 0);
        e.rankKey = rnd.nextInt(4); // few distinct ranks: most order comes from arrival and sequence
        e.arrivalMillis = rnd.nextInt(50); // restored entries keep older times: arrival is not the sequence order
        e.seq = i;
        return e;
    }
}
