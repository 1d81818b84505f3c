package org.openucc.config;

/**
 * Where the server listens and keeps its files.
 *
 * @param host    address the HTTP API binds to (default 127.0.0.1: exposed only on purpose)
 * @param httpPort HTTP port (0 picks a free port, used by tests)
 * @param dataDir directory for the database, recordings and other state
 */
public record ServerConfig(String host, int httpPort, String dataDir) {
    public static final ServerConfig DEFAULTS = new ServerConfig("127.0.0.1", 8080, "data");
}
