/**
 * The web chat channel: {@link org.openucc.chat.ChatService} turns a visitor's chat into a CHAT
 * interaction, carries lines, typing, receipts and files between the visitor (whose WebSocket lives at
 * the edge, {@code http.chat}) and the agent's console, keeps the transcript and lets a visitor resume after a page reload. Each chat has
 * one owner, a {@link org.openucc.concurrent.SerialExecutor}.
 *
 * <p>Owns: chat sessions, their transcripts in flight and the visitor side of the protocol.
 *
 * <p>Must not depend on: {@code api} or {@code http} (domain exceptions instead of HTTP statuses;
 * JSON through {@code org.openucc.json}; {@code GuardRailsTest}), the ACD engine's objects (the routing
 * port only), or other channels ({@code email}, {@code callback}, {@code voice}). It reaches agents
 * through {@link org.openucc.chat.AgentChannel} and the CRM through {@link org.openucc.chat.ChatIntake}. In a
 * cluster each chat is carried by the node its visitor is connected to; the other nodes are reached through
 * {@link org.openucc.chat.ChatNodes} (agents' requests, hand-overs), whose event-bus adapter lives in {@code cluster}.
 */
package org.openucc.chat;
