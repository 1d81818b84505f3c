package org.openucc.cti;

/** One connected console (a WebSocket): where messages go. Thread-safe; sending to a closed peer does nothing. */
interface StreamPeer {
    void send(String message);

    /** Closes the connection with a WebSocket status code (RFC 6455 §7.4) and reason. */
    void close(short code, String reason);
}
