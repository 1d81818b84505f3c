package org.openucc.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.openucc.interaction.IllegalTransitionException;
import org.openucc.interaction.InteractionLifecycle;
import org.openucc.interaction.InteractionState;

/** Walks both transition tables: every pair is either allowed or refused loudly. */
class StateTablesTest {

    @Test
    void interactionTableAllowsTheDocumentedPathAndNothingOutOfFinalStates() {
        InteractionState[] happy = {InteractionState.NEW, InteractionState.IN_IVR, InteractionState.QUEUED,
                InteractionState.OFFERED, InteractionState.CONNECTED, InteractionState.HELD, InteractionState.CONNECTED,
                InteractionState.WRAP_UP, InteractionState.DONE};
        for (int i = 1; i < happy.length; i++) {
            assertThat(InteractionLifecycle.isLegal(happy[i - 1], happy[i])).as(happy[i - 1] + "->" + happy[i]).isTrue();
        }
        int legal = 0;
        for (InteractionState from : InteractionState.values()) {
            for (InteractionState to : InteractionState.values()) {
                if (InteractionLifecycle.isLegal(from, to)) {
                    legal++;
                    assertThat(from.isFinal()).as("no move out of final " + from).isFalse();
                    assertThat(InteractionLifecycle.move("i", from, to, "test")).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> InteractionLifecycle.move("i-7", from, to, "cmd"))
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessageContaining("interaction i-7").hasMessageContaining(from + " -> " + to);
                }
            }
        }
        assertThat(legal).isEqualTo(33);
        assertThat(InteractionLifecycle.next(InteractionState.OFFERED)).isEqualTo(EnumSet.of(InteractionState.QUEUED,
                InteractionState.CONNECTED, InteractionState.ABANDONED, InteractionState.FAILED));
    }

    @Test
    void agentTableRefusesImpossibleMoves() {
        assertThat(AgentStateMachine.isLegal(AgentState.READY, AgentState.RESERVED)).isTrue();
        assertThat(AgentStateMachine.isLegal(AgentState.READY, AgentState.WRAP_UP)).as("a wrap-up given back").isTrue();
        assertThat(AgentStateMachine.isLegal(AgentState.LOGGED_OUT, AgentState.BUSY)).isFalse();
        assertThat(AgentStateMachine.isLegal(AgentState.NOT_READY, AgentState.RESERVED)).isFalse();
        assertThat(AgentStateMachine.isLegal(AgentState.LOGGED_OUT, AgentState.RESERVED)).isFalse();
        for (AgentState from : AgentState.values()) {
            for (AgentState to : AgentState.values()) {
                if (from != to && !AgentStateMachine.isLegal(from, to)) {
                    assertThatThrownBy(() -> AgentStateMachine.move("bob", from, to, "x"))
                            .hasMessageContaining("agent bob");
                }
            }
        }
    }
}
