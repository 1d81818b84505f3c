package org.openucc.recording;

import java.util.List;
import java.util.Set;
import org.openucc.auth.AccessDeniedException;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;

/**
 * Who may play an interaction's recordings: supervisors and admins any; an agent only those of interactions
 * they handled, as the interaction log says (they accepted it or were connected to it). Being offered one and
 * declining it is not handling it.
 */
public final class RecordingAccess {
    /** The events that make an agent one who handled the interaction. */
    static final Set<LogEventType> HANDLED = Set.of(LogEventType.OFFER_ACCEPTED, LogEventType.CONNECTED);

    private RecordingAccess() {
    }

    public static boolean mayPlay(Caller caller, List<LogEvent> timeline) {
        if (caller.is(Role.SUPERVISOR)) {
            return true;
        }
        return caller.agentId() != null && timeline.stream()
                .anyMatch(e -> HANDLED.contains(e.type()) && caller.isAgent(e.agentId()));
    }

    /** @throws AccessDeniedException unless the caller {@link #mayPlay may play} the interaction's recordings */
    public static void requireMayPlay(Caller caller, String interactionId, List<LogEvent> timeline) {
        if (!mayPlay(caller, timeline)) {
            throw new AccessDeniedException("user '" + caller.username() + "' did not handle interaction "
                    + interactionId + "; agents play only the recordings of their own interactions");
        }
    }
}
