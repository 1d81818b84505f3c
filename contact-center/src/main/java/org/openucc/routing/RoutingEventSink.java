package org.openucc.routing;

/**
 * Receives the engine's events on the engine thread, in order. Must not call back into the engine
 * and must not block: hand the event to whoever needs it.
 */
@FunctionalInterface
public interface RoutingEventSink {
    void accept(RoutingEvent event);
}
