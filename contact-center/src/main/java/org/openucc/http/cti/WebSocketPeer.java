package org.openucc.http.cti;

import io.vertx.core.http.ServerWebSocket;
import org.openucc.cti.StreamPeer;
import org.openucc.http.ApiProblem;

/** A console behind a Vert.x server WebSocket. */
final class WebSocketPeer implements StreamPeer {
    private final ServerWebSocket ws;

    WebSocketPeer(ServerWebSocket ws) {
        this.ws = ws;
    }

    @Override
    public void send(String message) {
        if (!ws.isClosed()) {
            ws.writeTextMessage(message);
        }
    }

    /** The same error message a failed command gets (see {@link ConsoleReplies#error}). */
    @Override
    public String errorMessage(Throwable failure, String message) {
        return ConsoleReplies.error(null, ApiProblem.of(failure), message);
    }

    @Override
    public void close(short code, String reason) {
        if (!ws.isClosed()) {
            ws.close(code, reason);
        }
    }
}
