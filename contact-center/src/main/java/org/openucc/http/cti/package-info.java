/**
 * The CTI bridge's HTTP edge: the agent and supervisor WebSockets ({@link org.openucc.http.cti.CtiRoutes}):
 * the handshake's session and origin checks, parsing each console message, running it on the
 * {@link org.openucc.cti.AgentDesk} (or a channel's {@link org.openucc.cti.AgentChannelCommands}), and
 * the ack or error it gets; failures become the same status and fields as in HTTP error bodies.
 *
 * <p>Owns: console connections and their replies (ack, error, pong, sessionEnded).
 *
 * <p>Must not be depended on by {@code cti} or the channels ({@code GuardRailsTest}); the bridge reaches
 * a console only through {@link org.openucc.cti.StreamPeer} and {@link org.openucc.cti.BulletinSubscriber}.
 */
package org.openucc.http.cti;
