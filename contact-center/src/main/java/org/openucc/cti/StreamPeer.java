package org.openucc.cti;

/**
 * One connected console (a WebSocket at the HTTP edge): where messages go, and how a failure is written
 * as this stream's error message. Thread-safe; sending to a closed peer does nothing.
 */
public interface StreamPeer {
    void send(String message);

    /** Closes the connection with a WebSocket status code (RFC 6455 §7.4) and reason. */
    void close(short code, String reason);

    /**
     * The error message this stream sends for a failure the bridge could not avoid (e.g. a greeting
     * that could not be assembled): the status comes from the failure, the text is {@code message}.
     */
    String errorMessage(Throwable failure, String message);
}
