package org.openucc.ivr.runtime;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** An interaction the IVR placed in a queue, followed until an agent takes it or it leaves. */
public interface QueueTicket {
    String interactionId();

    /** Position and estimated wait now; empty once it no longer waits. */
    CompletionStage<Optional<Place>> place();

    /** Completes once, when the interaction leaves the queue for whatever reason. */
    CompletionStage<QueueExit> exit();

    /** The caller leaves the queue (a key, the flow's max wait, a callback); the ACD forgets it. */
    CompletionStage<Void> withdraw(String reason);

    /** @param estimatedWaitMillis 0 when the ACD has no estimate yet */
    record Place(int position, long estimatedWaitMillis) {
    }
}
