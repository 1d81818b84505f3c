package org.openucc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one HTTP client may hold of the server: how long a connection may sit idle or take to send a
 * request, how many connections one address may keep open, and how large a request's head may be.
 *
 * @param idleTimeout              a connection (WebSockets included) with no byte either way for this long is closed
 * @param headerTimeout            a request's complete headers must arrive within this long of the connection
 *                                 opening (or of the previous request finishing): a client that dribbles
 *                                 its headers is cut off; idle keep-alive connections close after it too
 * @param bodyTimeout              a request's complete body must arrive within this long of its headers
 * @param maxConnectionsPerAddress open connections from one client address; more are closed as they arrive
 * @param maxHeaderBytes           all of a request's headers together; larger ones get 431
 * @param maxRequestLineBytes      the request line (method, URI, version); longer ones get 414
 */
public record HttpLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout,
                         int maxConnectionsPerAddress, int maxHeaderBytes, int maxRequestLineBytes) {
    public static final HttpLimits DEFAULTS = new HttpLimits(null, null, null, 0, 0, 0);

    public HttpLimits {
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(2) : idleTimeout;
        headerTimeout = headerTimeout == null ? Duration.ofSeconds(20) : headerTimeout;
        bodyTimeout = bodyTimeout == null ? Duration.ofSeconds(60) : bodyTimeout;
        maxConnectionsPerAddress = maxConnectionsPerAddress == 0 ? 500 : maxConnectionsPerAddress;
        maxHeaderBytes = maxHeaderBytes == 0 ? 16 * 1024 : maxHeaderBytes;
        maxRequestLineBytes = maxRequestLineBytes == 0 ? 8 * 1024 : maxRequestLineBytes;
    }

    /** Rules beyond shape, under {@code /server/http}. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        atLeast(v, "idleTimeout", idleTimeout, Duration.ofSeconds(1));
        atLeast(v, "headerTimeout", headerTimeout, Duration.ofMillis(100));
        atLeast(v, "bodyTimeout", bodyTimeout, Duration.ofMillis(100));
        range(v, "maxConnectionsPerAddress", maxConnectionsPerAddress, 1, 1_000_000);
        range(v, "maxHeaderBytes", maxHeaderBytes, 1024, 1024 * 1024);
        range(v, "maxRequestLineBytes", maxRequestLineBytes, 256, 1024 * 1024);
        return List.copyOf(v);
    }

    static void atLeast(List<ConfigViolation> v, String at, String key, Duration d, Duration min) {
        if (d.compareTo(min) < 0) {
            v.add(ConfigViolation.at(at + key, key + " must be at least " + min.toMillis() + " ms, not "
                    + d.toMillis() + " ms"));
        }
    }

    static void range(List<ConfigViolation> v, String at, String key, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(ConfigViolation.at(at + key, key + " must be " + min + ".." + max + ", not " + value));
        }
    }

    private static void atLeast(List<ConfigViolation> v, String key, Duration d, Duration min) {
        atLeast(v, "/server/http/", key, d, min);
    }

    private static void range(List<ConfigViolation> v, String key, int value, int min, int max) {
        range(v, "/server/http/", key, value, min, max);
    }
}
