/**
 * The web chat's HTTP edge: the widget's script and demo page, the pre-chat topics, file uploads and
 * the visitor WebSocket ({@link org.openucc.http.chat.ChatRoutes}). It parses what the widget sends,
 * calls {@link org.openucc.chat.ChatService} and turns its domain faults into status codes and error
 * messages ({@link org.openucc.http.ApiProblem}).
 *
 * <p>Owns: the visitor side's transport (sockets per address, CORS, upload limits, frame sizes).
 *
 * <p>Must not be depended on by {@code chat} or any other channel ({@code GuardRailsTest}).
 */
package org.openucc.http.chat;
