/**
 * The CTI bridge: what the agent and supervisor streams carry (their WebSockets are at the edge,
 * {@code http.cti}, behind {@link org.openucc.cti.StreamPeer}), the screen pop assembled on each offer
 * from the CRM ({@link org.openucc.cti.ScreenPops}), and the agent desk
 * ({@link org.openucc.cti.AgentDesk}) that authorizes and carries out what agents do, driving calls
 * through {@link org.openucc.cti.CallCommands} and chats/emails through
 * {@link org.openucc.cti.AgentChannelCommands}.
 *
 * <p>Owns: agents' console sessions, offers as agents see them, screen pops, wrap-up.
 *
 * <p>Must not depend on: {@code api} or {@code http} ({@code GuardRailsTest}), JDBC
 * ({@code AdapterBoundariesTest}), a telephony adapter or a channel ({@code chat}, {@code email},
 * {@code callback}, {@code voice}): channels implement its ports, not the other way round; nor on the
 * ACD engine's objects (the routing port only).
 */
package org.openucc.cti;
