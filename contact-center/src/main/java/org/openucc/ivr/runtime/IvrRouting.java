package org.openucc.ivr.runtime;

import java.util.concurrent.CompletionStage;
import org.openucc.routing.NewInteraction;

/** The ACD as the IVR needs it. Never blocks the caller of these methods. */
public interface IvrRouting {
    /** Places a voice interaction in its queue; the ticket follows it. Fails if the ACD refuses it outright. */
    CompletionStage<QueueTicket> enqueue(NewInteraction interaction);

    /**
     * Follows an interaction the ACD already has waiting (an agent transferred the call to a queue):
     * a ticket like {@link #enqueue}'s, without adding it again. If it no longer waits when the
     * ticket starts, its exit says so at once.
     */
    CompletionStage<QueueTicket> follow(String interactionId);

    /** How many wait in a queue and how long a new arrival would wait. */
    CompletionStage<QueueFigures> figures(String queueId);

    /** A new interaction for agents that is not this call: a callback request, a voicemail. */
    CompletionStage<Void> submit(NewInteraction interaction);

    /** @param estimatedWaitMillis what a caller arriving now would wait (0: an agent is free or no estimate) */
    record QueueFigures(int waiting, long estimatedWaitMillis) {
    }
}
