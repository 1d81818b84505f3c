package org.openucc.chat;

/** One visitor's connection (the widget's WebSocket). Thread-safe; sending to a closed peer does nothing. */
public interface VisitorPeer {
    void send(String message);

    /** Closes with a WebSocket status code (RFC 6455 §7.4.1) and reason. */
    void close(short code, String reason);
}
