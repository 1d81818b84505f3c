package org.openucc.routing;

/**
 * Per skill, how many agents hold it in each displayed state and at each level (logged in). Kept
 * current on every state change so a decision can say "12 not ready, 30 busy" without a scan.
 */
final class SkillCounters {
    private static final AgentState[] ALL_STATES = AgentState.values();
    private static final int STATES = ALL_STATES.length;
    private static final int LEVELS = SkillRegistry.MAX_LEVEL + 1;

    private int[][] byState = new int[16][];
    private int[][] loggedInByLevel = new int[16][];

    void add(AgentSession agent, AgentState state, int delta) {
        for (int skill : agent.skillIds) {
            row(skill, true)[state.ordinal()] += delta;
            if (state != AgentState.LOGGED_OUT) {
                row(skill, false)[agent.level(skill)] += delta;
            }
        }
    }

    /**
     * The agent moved from one displayed state to another: one read of each skill's state row, and the
     * by-level rows only when the agent logs in or out (they count logged-in agents, which a move
     * between logged-in states leaves as they were).
     */
    void move(AgentSession agent, AgentState from, AgentState to) {
        boolean levelsChange = (from == AgentState.LOGGED_OUT) != (to == AgentState.LOGGED_OUT);
        for (int skill : agent.skillIds) {
            int[] states = row(skill, true);
            states[from.ordinal()]--;
            states[to.ordinal()]++;
            if (levelsChange) {
                row(skill, false)[agent.level(skill)] += to == AgentState.LOGGED_OUT ? -1 : 1;
            }
        }
    }

    int inState(int skill, AgentState state) {
        return skill < byState.length && byState[skill] != null ? byState[skill][state.ordinal()] : 0;
    }

    /** Logged-in agents holding the skill at {@code minLevel} or more. */
    int loggedIn(int skill, int minLevel) {
        if (skill >= loggedInByLevel.length || loggedInByLevel[skill] == null) {
            return 0;
        }
        int sum = 0;
        for (int l = Math.max(1, minLevel); l < LEVELS; l++) {
            sum += loggedInByLevel[skill][l];
        }
        return sum;
    }

    int holders(int skill) {
        int sum = 0;
        for (int s = 0; s < STATES; s++) {
            sum += inState(skill, ALL_STATES[s]);
        }
        return sum;
    }

    private int[] row(int skill, boolean states) {
        int[][] table = states ? byState : loggedInByLevel;
        if (skill >= table.length) {
            int[][] grown = new int[Math.max(skill + 1, table.length * 2)][];
            System.arraycopy(table, 0, grown, 0, table.length);
            table = grown;
            if (states) {
                byState = grown;
            } else {
                loggedInByLevel = grown;
            }
        }
        if (table[skill] == null) {
            table[skill] = new int[states ? STATES : LEVELS];
        }
        return table[skill];
    }
}
