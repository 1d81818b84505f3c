package org.openucc.routing;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the {@link RoutingService} makes each command's events durable before anyone hears of them:
 * the events reach the listeners, and the command its answer, only once {@link #record} completes.
 * The interaction log implements it on the store side; with none set, events count as recorded at once
 * (the engine's own tests).
 */
public interface RoutingJournal {

    /** Records nothing and completes at once. */
    RoutingJournal NONE = events -> CompletableFuture.completedFuture(null);

    /**
     * Queues the events of one command (or one timer run) to be stored together, in the order given;
     * completes once they are durable, or fails if they cannot be stored. Called on the engine thread:
     * must not block. Events are recorded in call order; completing out of order is allowed but the
     * service still releases them in order.
     */
    CompletableFuture<Void> record(List<RoutingEvent> events);

    /**
     * Throws (the store's adapter: a {@code fault.UnavailableException} with a retry hint) when a new request from outside
     * must be refused before it changes anything: the journal is too far behind or cannot write. Never
     * consulted for what the engine does by itself (timers) nor for facts it is told (a customer left).
     */
    default void admit(RoutingCommand<?> command) {
    }
}
