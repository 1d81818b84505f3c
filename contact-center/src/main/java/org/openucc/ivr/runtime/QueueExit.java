package org.openucc.ivr.runtime;

import org.openucc.config.MaxWaitAction;

/** Why an interaction left the queue the IVR placed it in. */
public sealed interface QueueExit {
    /** An agent accepted it: the call belongs to the voice flow from now on. */
    record Connected(String agentId) implements QueueExit {
    }

    /** The queue's own maximum wait was reached; the flow decides what happens ({@code onMaxWait}). */
    record MaxWait(MaxWaitAction action) implements QueueExit {
    }

    /** The ACD refused it (queue full, unknown queue). */
    record Rejected(String reason) implements QueueExit {
    }

    /** Someone else ended it (e.g. an operator), or the IVR withdrew it. */
    record Ended(String reason) implements QueueExit {
    }
}
