package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine skips an arrival's search for agents when it can prove nobody is available for the
 * arrival's group. Over many random centers and command sequences it must emit exactly the events
 * (offers with their decisions, queue positions, states) it emits when it searches every time.
 */
class SkippedSearchTest {
    @Test
    void skippingProvablyEmptySearchesChangesNoEvent() {
        long events = 0;
        long offers = 0;
        long skipped = 0;
        for (int seed = 0; seed < 200; seed++) {
            WaitingGroupIndexTest.Center skipping = new WaitingGroupIndexTest.Center(new SplittableRandom(seed), true);
            WaitingGroupIndexTest.Center searching = new WaitingGroupIndexTest.Center(new SplittableRandom(seed), false);
            for (int step = 0; step < 300; step++) {
                skipping.randomCommand();
                searching.randomCommand();
                assertThat(skipping.events).as("seed %d, after command %d", seed, step).isEqualTo(searching.events);
            }
            events += searching.events.size();
            skipped += skipping.engine.searchesSkipped;
            assertThat(searching.engine.searchesSkipped).isZero();
            offers += searching.events.stream().filter(e -> e instanceof RoutingEvent.OfferMade).count();
        }
        assertThat(events).isGreaterThan(50_000);
        assertThat(offers).isGreaterThan(5_000);
        assertThat(skipped).as("searches skipped").isGreaterThan(2_000);
    }
}
