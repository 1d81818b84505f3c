package org.openucc.http;

/** A client error that is only a status and a message (413 body too large, 415 not JSON...). */
public final class HttpStatusException extends RuntimeException {
    private final int status;

    public HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
