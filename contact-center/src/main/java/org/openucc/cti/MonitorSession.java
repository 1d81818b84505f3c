package org.openucc.cti;

import java.time.Instant;
import org.openucc.telephony.MonitorMode;

/**
 * A supervisor listening in on, whispering to or barging into a connected call: whose call, who, how,
 * since when (the supervisor's phone answered).
 */
public record MonitorSession(String interactionId, String agentId, String supervisor, MonitorMode mode,
                             Instant since) {
}
