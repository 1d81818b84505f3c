package org.openucc.telephony.sip;

import static org.openucc.telephony.sip.LegState.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.openucc.interaction.IllegalTransitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one table of legal call-leg moves, and the leg's current state; used only on the leg's owner. */
final class LegStateMachine {
    private static final Logger log = LoggerFactory.getLogger(LegStateMachine.class);
    static final Map<LegState, Set<LegState>> LEGAL = new EnumMap<>(LegState.class);

    static {
        LEGAL.put(INCOMING, EnumSet.of(EARLY, ANSWERING, ENDED));
        LEGAL.put(CALLING, EnumSet.of(EARLY, CANCELLING, CONNECTED, ENDED));
        LEGAL.put(EARLY, EnumSet.of(ANSWERING, CANCELLING, CONNECTED, ENDED));
        // A 200 OK can cross our CANCEL (§9.1): the call connects and is hung up at once.
        LEGAL.put(CANCELLING, EnumSet.of(CONNECTED, ENDED));
        LEGAL.put(ANSWERING, EnumSet.of(CONNECTED, TERMINATING, ENDED));
        LEGAL.put(CONNECTED, EnumSet.of(HELD, TERMINATING, ENDED));
        LEGAL.put(HELD, EnumSet.of(CONNECTED, TERMINATING, ENDED));
        LEGAL.put(TERMINATING, EnumSet.of(ENDED));
        LEGAL.put(ENDED, EnumSet.noneOf(LegState.class));
    }

    private final String callId;
    private LegState state;

    LegStateMachine(String callId, LegState initial) {
        this.callId = callId;
        this.state = initial;
    }

    LegState state() {
        return state;
    }

    boolean is(LegState... any) {
        for (LegState s : any) {
            if (state == s) {
                return true;
            }
        }
        return false;
    }

    /** Moves, or fails loudly naming the call, the states and the cause. */
    void move(LegState to, String cause) {
        if (!LEGAL.get(state).contains(to)) {
            throw new IllegalTransitionException("call leg " + callId, state, to, cause);
        }
        log.debug("call {}: {} -> {} ({})", callId, state, to, cause);
        state = to;
    }
}
