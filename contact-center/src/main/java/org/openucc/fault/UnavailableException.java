package org.openucc.fault;

/**
 * The service cannot take the request now or here: it is full, or not set up on this server; or a
 * peer it depends on (the SMTP server) refused it ({@link #byPeer()}).
 */
public final class UnavailableException extends RuntimeException {
    private final boolean byPeer;

    private UnavailableException(String message, boolean byPeer) {
        super(message);
        this.byPeer = byPeer;
    }

    /** Full, or not configured here. */
    public static UnavailableException here(String message) {
        return new UnavailableException(message, false);
    }

    /** A server we depend on refused or failed the request. */
    public static UnavailableException peer(String message) {
        return new UnavailableException(message, true);
    }

    public boolean byPeer() {
        return byPeer;
    }
}
