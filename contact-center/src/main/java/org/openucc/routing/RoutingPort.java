package org.openucc.routing;

import java.util.concurrent.CompletionStage;

/**
 * How the rest of the server talks to the ACD: it sends {@link RoutingCommand} records and gets their
 * answers later, and it listens to the {@link RoutingEvent}s. Nothing crosses but records of ids and
 * values, so the engine may run on this node's engine thread ({@link RoutingService}) or on another
 * node of a cluster.
 *
 * <p>Commands are carried out one at a time in the order sent. A command the engine cannot carry out
 * fails its stage with a {@link RoutingException} (NOT_FOUND, CONFLICT, INVALID, NOT_HOLDER); a stopped
 * port fails it with an {@link IllegalStateException}. Events reach listeners in order, each event
 * before the answer of the command that caused it, and only once it is durable in the interaction log
 * (a request may be refused unchanged while the log is behind or cannot write).
 */
public interface RoutingPort {
    <R> CompletionStage<R> send(RoutingCommand<R> command);

    /** Listeners must be quick and must not block: they run where the events are delivered. */
    void addListener(RoutingEventSink listener);

    void removeListener(RoutingEventSink listener);
}
