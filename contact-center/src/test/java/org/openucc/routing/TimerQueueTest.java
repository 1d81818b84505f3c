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

    /**
     * Fixed-delay timers in FIFO lanes, mixed with heap timers: the firing order is still the least
     * (due, creation) first. Base times sometimes go back (a requeued entry's old arrival), so a lane
     * must hand such a timer to the heap; more distinct delays than lanes use the heap as well.
     * Lazy cancellation: the stamps and targets come back as given, so the engine can drop stale ones.
     */
    @Test
    void fixedDelayLanesFireInTheSameOrderAsTheHeapAlone() {
        SplittableRandom rnd = new SplittableRandom(29);
        long compared = 0;
        long laneTimersSeen = 0;
        for (int round = 0; round < 80; round++) {
            TimerQueue timers = new TimerQueue();
            PriorityQueue<Ref> reference = new PriorityQueue<>(
                    Comparator.comparingLong(Ref::due).thenComparingLong(Ref::seq));
            long seq = 0;
            long now = 0;
            int spread = 1 + rnd.nextInt(round < 40 ? 6 : 3_000);
            int delays = 1 + rnd.nextInt(round % 4 == 0 ? TimerQueue.MAX_LANES + 6 : 4);
            long[] delay = new long[delays];
            for (int d = 0; d < delays; d++) {
                delay[d] = rnd.nextInt(spread * 3 + 1); // 0 allowed: due now
            }
            int ops = 500 + rnd.nextInt(6_000);
            for (int op = 0; op < ops; op++) {
                int pick = rnd.nextInt(8);
                TimerQueue.Kind kind = TimerQueue.Kind.values()[rnd.nextInt(TimerQueue.Kind.values().length)];
                Object target = "t" + seq;
                long stamp = rnd.nextLong();
                if (pick < 4) {
                    long d = delay[rnd.nextInt(delays)];
                    long base = rnd.nextInt(10) == 0 ? now - rnd.nextInt(spread + 1) : now; // sometimes back
                    timers.scheduleAfter(d, base + d, kind, target, stamp);
                    reference.add(new Ref(base + d, seq++, kind, target, stamp));
                } else if (pick < 6) {
                    long dueAt = now + rnd.nextInt(spread * 3 + 1);
                    timers.schedule(dueAt, kind, target, stamp);
                    reference.add(new Ref(dueAt, seq++, kind, target, stamp));
                } else {
                    now += rnd.nextInt(spread / 2 + 1);
                }
                laneTimersSeen = Math.max(laneTimersSeen, timers.laneSize());
                assertThat(timers.size()).isEqualTo(reference.size());
                assertThat(timers.nextDue()).isEqualTo(reference.isEmpty() ? Long.MAX_VALUE : reference.peek().due());
                if (rnd.nextInt(4) == 0) {
                    continue; // let timers pile up past their due time, as between two commands
                }
                while (timers.pollDue(now)) {
                    Ref r = reference.poll();
                    assertThat(r).isNotNull();
                    assertThat(r.due()).isLessThanOrEqualTo(now);
                    assertThat(timers.polledTarget()).isSameAs(r.target());
                    assertThat(timers.polledKind()).isEqualTo(r.kind());
                    assertThat(timers.polledStamp()).isEqualTo(r.stamp());
                    compared++;
                }
                assertThat(reference.isEmpty() || reference.peek().due() > now).isTrue();
            }
            // drain: everything left fires in order, the lanes' rings wrap and grow on the way
            now = Long.MAX_VALUE;
            while (timers.pollDue(now)) {
                assertThat(timers.polledTarget()).isSameAs(reference.poll().target());
                compared++;
            }
            assertThat(reference).isEmpty();
            assertThat(timers.size()).isZero();
            assertThat(timers.laneSize()).isZero();
        }
        assertThat(compared).isGreaterThan(100_000);
        assertThat(laneTimersSeen).isGreaterThan(256); // a lane grew past its first ring
    }

    @Test
    void aLaneRingWrapsAndGrowsKeepingItsOrder() {
        TimerQueue timers = new TimerQueue();
        long now = 0;
        int next = 0;
        int expected = 0;
        // 200 in, 150 out, repeatedly: the head moves round the ring, then the ring grows while wrapped
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 200; i++) {
                timers.scheduleAfter(1_000, now + 1_000, TimerQueue.Kind.OFFER_TIMEOUT, next++, 0);
                now++;
            }
            for (int i = 0; i < 150; i++) {
                assertThat(timers.pollDue(Long.MAX_VALUE)).isTrue();
                assertThat(timers.polledTarget()).isEqualTo(expected++);
            }
        }
        assertThat(timers.laneSize()).isEqualTo(20 * 50);
        while (timers.pollDue(Long.MAX_VALUE)) {
            assertThat(timers.polledTarget()).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(next);
    }
}
