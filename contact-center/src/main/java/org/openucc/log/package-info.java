/**
 * The interaction log: append-only events of interactions, agents and administration
 * ({@link org.openucc.log.InteractionLog}), the CDR folded from them ({@link org.openucc.log.InteractionFold}),
 * CSV export, and the {@link org.openucc.log.RoutingEventRecorder} that feeds the routing engine's events
 * in without blocking the engine thread. No JDBC here (enforced by an ArchUnit test).
 */
package org.openucc.log;
