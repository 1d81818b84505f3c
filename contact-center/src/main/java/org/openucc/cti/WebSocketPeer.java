package org.openucc.cti;

import io.vertx.core.http.ServerWebSocket;

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

    @Override
    public void close(short code, String reason) {
        if (!ws.isClosed()) {
            ws.close(code, reason);
        }
    }
}
