package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The engine's timer heap (parallel arrays) against a PriorityQueue of records ordered by due time, then creation. */
class TimerQueueTest {
    private record Ref(long due, long seq, TimerQueue.Kind kind, Object target, long stamp) {
    }

    @Test
    void firesInTheSameOrderAsAReferenceHeapThroughRandomSchedulesAndPolls() {
        SplittableRandom rnd = new SplittableRandom(17);
        long compared = 0;
        for (int round = 0; round < 60; round++) {
            TimerQueue timers = new TimerQueue();
            PriorityQueue<Ref> reference = new PriorityQueue<>(
                    Comparator.comparingLong(Ref::due).thenComparingLong(Ref::seq));
            long seq = 0;
            long now = 0;
            int spread = 1 + rnd.nextInt(round < 30 ? 5 : 5_000); // small spreads: many equal due times
            int ops = 500 + rnd.nextInt(5_000);
            for (int op = 0; op < ops; op++) {
                if (rnd.nextInt(3) != 0) {
                    long dueAt = now + rnd.nextInt(spread);
                    TimerQueue.Kind kind = TimerQueue.Kind.values()[rnd.nextInt(TimerQueue.Kind.values().length)];
                    Object target = "t" + seq;
                    long stamp = rnd.nextLong();
                    timers.schedule(dueAt, kind, target, stamp);
                    reference.add(new Ref(dueAt, seq++, kind, target, stamp));
                } else {
                    now += rnd.nextInt(spread / 2 + 1);
                }
                assertThat(timers.size()).isEqualTo(reference.size());
                assertThat(timers.nextDue()).isEqualTo(reference.isEmpty() ? Long.MAX_VALUE : reference.peek().due());
                while (timers.pollDue(now)) {
                    Ref r = reference.poll();
                    assertThat(r).isNotNull();
                    assertThat(r.due()).isLessThanOrEqualTo(now);
                    assertThat(timers.polledKind()).isEqualTo(r.kind());
                    assertThat(timers.polledTarget()).isSameAs(r.target());
                    assertThat(timers.polledStamp()).isEqualTo(r.stamp());
                    compared++;
                }
                assertThat(reference.isEmpty() || reference.peek().due() > now).isTrue();
            }
        }
        assertThat(compared).isGreaterThan(50_000);
    }
}
