/**
 * Live statistics for supervisors ({@link org.openucc.stats.LiveStats}): queue figures and the agent
 * grid, computed incrementally from routing events on a thread of their own and pushed to
 * subscribers on change, at most once per interval per queue or agent. Plain Java: the WebSocket
 * adapter in {@code cti} subscribes and writes them out.
 */
package org.openucc.stats;
