/**
 * The ACD: {@link org.openucc.routing.RoutingEngine} (queues, agents and their states, skills,
 * strategies, overflow, offers) as plain Java with an injected clock, owned by one thread in
 * {@link org.openucc.routing.RoutingService}; its routing events ({@link org.openucc.routing.RoutingEvent})
 * go to listeners on that thread. Strategies plug in through {@code routing.spi}.
 *
 * <p>Owns: who is waiting, who is ready, who is offered what, and why. Other packages reach the engine
 * through the service and its events, never through the engine's objects (enforced by
 * {@code GuardRailsTest}).
 *
 * <p>Must not depend on: any I/O library (Vert.x, Netty, JDBC, …), {@code http}, {@code config.loader},
 * the store, the CRM or the log ({@code ArchitectureTest}, {@code StoreArchitectureTest}) — nor on any
 * channel adapter. It may use {@code config} records, {@code interaction} and {@code concurrent}.
 */
package org.openucc.routing;
