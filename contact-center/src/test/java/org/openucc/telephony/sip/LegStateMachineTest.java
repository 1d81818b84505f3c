package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openucc.interaction.IllegalTransitionException;

/** Walks the call-leg transition table: every legal move works, every other one fails loudly. */
class LegStateMachineTest {

    @Test
    void everyPairOfStatesIsEitherLegalOrRefusedWithTheCause() {
        for (LegState from : LegState.values()) {
            for (LegState to : LegState.values()) {
                LegStateMachine sm = at(from);
                if (LegStateMachine.LEGAL.get(from).contains(to)) {
                    sm.move(to, "test");
                    assertThat(sm.state()).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> sm.move(to, "event X"))
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessageContaining("call leg c1").hasMessageContaining(from + " -> " + to)
                            .hasMessageContaining("event X");
                }
            }
        }
    }

    @Test
    void endedIsFinalAndReachableFromEveryOtherState() {
        assertThat(LegStateMachine.LEGAL.get(LegState.ENDED)).isEmpty();
        for (LegState s : LegState.values()) {
            if (s != LegState.ENDED) {
                assertThat(LegStateMachine.LEGAL.get(s)).as("from %s", s).contains(LegState.ENDED);
            }
        }
    }

    @Test
    void everyStateIsReachableFromTheTwoStarts() {
        Set<LegState> seen = EnumSet.of(LegState.INCOMING, LegState.CALLING);
        ArrayDeque<LegState> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            for (LegState next : LegStateMachine.LEGAL.get(todo.poll())) {
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(LegState.values());
    }

    /** Puts a machine into {@code state} by legal moves only. */
    private static LegStateMachine at(LegState state) {
        LegStateMachine sm = new LegStateMachine("c1", state == LegState.INCOMING || state == LegState.ANSWERING
                ? LegState.INCOMING : LegState.CALLING);
        switch (state) {
            case INCOMING, CALLING -> {
            }
            case EARLY -> sm.move(LegState.EARLY, "setup");
            case CANCELLING -> sm.move(LegState.CANCELLING, "setup");
            case ANSWERING -> sm.move(LegState.ANSWERING, "setup");
            case CONNECTED -> sm.move(LegState.CONNECTED, "setup");
            case HELD -> {
                sm.move(LegState.CONNECTED, "setup");
                sm.move(LegState.HELD, "setup");
            }
            case TERMINATING -> {
                sm.move(LegState.CONNECTED, "setup");
                sm.move(LegState.TERMINATING, "setup");
            }
            case ENDED -> sm.move(LegState.ENDED, "setup");
        }
        assertThat(sm.state()).isEqualTo(state);
        return sm;
    }
}
