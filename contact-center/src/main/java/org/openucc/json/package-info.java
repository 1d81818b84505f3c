/**
 * The server's JSON conventions, shared by the REST API, the WebSockets and the channels that build
 * WebSocket messages: one configured mapper ({@link org.openucc.json.ApiJson}) and a reader that checks
 * a message field by field ({@link org.openucc.json.JsonFields}, which reports bad input as the domain
 * fault {@link org.openucc.fault.InvalidInputException}).
 *
 * <p>Must not depend on: {@code http}, {@code api} or Vert.x (it is below them: only Jackson).
 */
package org.openucc.json;
