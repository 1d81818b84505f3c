package org.openucc.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Walks the voice call's stage table: every stage is reachable, every stage can end, the end is final. */
class CallStageTest {

    @Test
    void everyStageIsReachableFromAnArrivalOrADialOutAndEveryStageCanEnd() {
        Set<CallStage> reached = EnumSet.noneOf(CallStage.class);
        Deque<CallStage> todo = new ArrayDeque<>(EnumSet.of(CallStage.ARRIVING, CallStage.DIALING_AGENT));
        while (!todo.isEmpty()) {
            CallStage s = todo.pop();
            if (reached.add(s)) {
                todo.addAll(s.next());
            }
        }
        assertThat(reached).containsExactlyInAnyOrder(CallStage.values());
        for (CallStage s : CallStage.values()) {
            if (s != CallStage.ENDED) {
                assertThat(s.canMoveTo(CallStage.ENDED)).as("%s can end", s).isTrue();
            }
            assertThat(s.canMoveTo(s)).as("%s does not move to itself", s).isFalse();
        }
        assertThat(CallStage.ENDED.next()).isEmpty();
    }

    @Test
    void aCallConnectsOnlyThroughAnAnsweringAgentOrTheCustomerOfADialOutAndWaitsOnlyInAFlow() {
        for (CallStage s : CallStage.values()) {
            boolean mayConnect = s == CallStage.RINGING_AGENT || s == CallStage.DIALING_CUSTOMER || s == CallStage.HELD;
            assertThat(s.canMoveTo(CallStage.CONNECTED)).as("%s -> CONNECTED", s).isEqualTo(mayConnect);
            boolean mayQueue = s == CallStage.IN_IVR || s == CallStage.RINGING_AGENT;
            assertThat(s.canMoveTo(CallStage.QUEUED)).as("%s -> QUEUED", s).isEqualTo(mayQueue);
        }
        // A transfer to a queue goes back through the (direct) flow, which follows the ACD's entry.
        assertThat(CallStage.CONNECTED.next()).containsExactlyInAnyOrder(CallStage.HELD, CallStage.IN_IVR,
                CallStage.ENDED);
        assertThat(CallStage.CONNECTED.talking()).isTrue();
        assertThat(CallStage.HELD.talking()).isTrue();
        assertThat(CallStage.RINGING_AGENT.talking()).isFalse();
    }
}
