package org.openucc.interaction;

import static org.openucc.interaction.InteractionState.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one table of legal interaction moves: NEW → IN_IVR → QUEUED → OFFERED → CONNECTED (↔ HELD) → WRAP_UP → DONE. */
public final class InteractionLifecycle {
    private static final Map<InteractionState, Set<InteractionState>> LEGAL = new EnumMap<>(InteractionState.class);

    static {
        LEGAL.put(NEW, EnumSet.of(IN_IVR, QUEUED, CONNECTED, ABANDONED, FAILED));
        LEGAL.put(IN_IVR, EnumSet.of(QUEUED, DONE, ABANDONED, TRANSFERRED, FAILED));
        // QUEUED -> QUEUED: moved to another queue (overflow to a queue, max-wait to a queue).
        LEGAL.put(QUEUED, EnumSet.of(QUEUED, OFFERED, ABANDONED, TRANSFERRED, FAILED, DONE));
        // OFFERED -> QUEUED: declined, missed or rescinded; goes back at its original place.
        LEGAL.put(OFFERED, EnumSet.of(QUEUED, CONNECTED, ABANDONED, FAILED));
        LEGAL.put(CONNECTED, EnumSet.of(HELD, WRAP_UP, QUEUED, TRANSFERRED, DONE, FAILED));
        LEGAL.put(HELD, EnumSet.of(CONNECTED, WRAP_UP, QUEUED, TRANSFERRED, DONE, FAILED));
        LEGAL.put(WRAP_UP, EnumSet.of(DONE));
        for (InteractionState s : InteractionState.values()) {
            LEGAL.putIfAbsent(s, EnumSet.noneOf(InteractionState.class));
        }
    }

    private InteractionLifecycle() {
    }

    public static boolean isLegal(InteractionState from, InteractionState to) {
        return LEGAL.get(from).contains(to);
    }

    public static Set<InteractionState> next(InteractionState from) {
        return Set.copyOf(LEGAL.get(from));
    }

    /** Returns {@code to} if the move is legal; otherwise fails naming the interaction and the cause. */
    public static InteractionState move(String interactionId, InteractionState from, InteractionState to, String cause) {
        if (!isLegal(from, to)) {
            throw new IllegalTransitionException("interaction " + interactionId, from, to, cause);
        }
        return to;
    }
}
