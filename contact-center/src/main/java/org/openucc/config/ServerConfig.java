package org.openucc.config;

/**
 * Where the server listens and keeps its files, and what one client may hold of its HTTP door.
 *
 * @param host      address the HTTP API binds to (default 127.0.0.1: exposed only on purpose)
 * @param httpPort  HTTP port (0 picks a free port, used by tests)
 * @param dataDir   directory for the database, recordings and other state
 * @param http      timeouts, connections per address and request-head sizes of the HTTP server
 * @param webSocket message size and rates of every WebSocket (consoles and chat visitors)
 */
public record ServerConfig(String host, int httpPort, String dataDir, HttpLimits http, WebSocketLimits webSocket) {
    public static final ServerConfig DEFAULTS = new ServerConfig("127.0.0.1", 8080, "data");

    public ServerConfig {
        http = http == null ? HttpLimits.DEFAULTS : http;
        webSocket = webSocket == null ? WebSocketLimits.DEFAULTS : webSocket;
    }

    /** Default limits. */
    public ServerConfig(String host, int httpPort, String dataDir) {
        this(host, httpPort, dataDir, null, null);
    }

    public ServerConfig withHttp(HttpLimits http) {
        return new ServerConfig(host, httpPort, dataDir, http, webSocket);
    }

    public ServerConfig withWebSocket(WebSocketLimits webSocket) {
        return new ServerConfig(host, httpPort, dataDir, http, webSocket);
    }
}
