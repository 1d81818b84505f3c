package org.openucc.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openucc.config.HttpLimits;
import org.openucc.limits.ConcurrencyCap;
import org.openucc.limits.Rejections;

/**
 * What one client may hold of the HTTP server: at most {@code maxConnectionsPerAddress} open connections
 * per address (more are closed as they arrive, before they cost anything but the accept), and deadlines
 * on every connection: its request's headers must be complete within {@code headerTimeout} of opening
 * (or of the previous request finishing), its body within {@code bodyTimeout} of the headers. A slow
 * client (slowloris) is cut off; a slow server is not the client's fault and is waited for. Every
 * refusal is counted under door "http". Runs on the connections' event loops.
 */
final class ConnectionGuard {
    private final Vertx vertx;
    private final HttpLimits limits;
    private final Rejections rejections;
    private final ConcurrencyCap openByAddress = new ConcurrencyCap();
    private final Map<HttpConnection, Deadline> deadlines = new ConcurrentHashMap<>();

    ConnectionGuard(Vertx vertx, HttpLimits limits, Rejections rejections) {
        this.vertx = vertx;
        this.limits = limits;
        this.rejections = rejections;
    }

    /** A new connection: counted against its address, or closed at once if the address has too many. */
    void connected(HttpConnection connection) {
        String address = address(connection.remoteAddress());
        if (!openByAddress.tryAcquire(address, limits.maxConnectionsPerAddress())) {
            rejections.count("http", "connections-per-address");
            connection.close();
            return;
        }
        Deadline deadline = new Deadline(connection);
        deadlines.put(connection, deadline);
        connection.closeHandler(v -> {
            openByAddress.release(address);
            deadline.cancel();
            deadlines.remove(connection);
        });
        deadline.awaitHeaders();
    }

    /** A request's headers arrived: the header deadline is met, the body's starts. */
    void request(HttpServerRequest request) {
        Deadline deadline = deadlines.get(request.connection());
        if (deadline != null) {
            deadline.request(request);
        }
    }

    private static String address(SocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.toString();
    }

    /** The one timer of a connection: waiting for headers, or for the body of the current request. */
    private final class Deadline {
        private final HttpConnection connection;
        private long timer = -1;
        /** Which arming a firing timer belongs to: one cancelled meanwhile does nothing. */
        private long generation;
        private HttpServerRequest current;
        private boolean servedOne;

        Deadline(HttpConnection connection) {
            this.connection = connection;
        }

        synchronized void awaitHeaders() {
            arm(limits.headerTimeout().toMillis(), this::headersLate);
        }

        synchronized void request(HttpServerRequest request) {
            cancel();
            current = request;
            servedOne = true;
            if (request.canUpgradeToWebSocket()) {
                return; // a WebSocket from now on (or a refused handshake): the idle timeout watches it
            }
            arm(limits.bodyTimeout().toMillis(), this::check);
        }

        private void headersLate() {
            synchronized (this) {
                timer = -1;
            }
            if (!servedOne) {
                // A connection that never completed a request: half-open, idle or dribbling its headers.
                rejections.count("http", "header-timeout");
            }
            connection.close();
        }

        private void check() {
            HttpServerRequest r;
            synchronized (this) {
                timer = -1;
                r = current;
            }
            if (!r.isEnded()) {
                rejections.count("http", "body-timeout");
                HttpServerResponse response = r.response();
                if (!response.headWritten() && !response.ended()) {
                    response.setStatusCode(408).putHeader("content-type", "application/json; charset=utf-8")
                            .putHeader("connection", "close")
                            .end(new JsonObject().put("status", 408).put("error", "request timeout")
                                    .put("message", "the request body did not arrive within "
                                            + limits.bodyTimeout().toMillis() + " ms").encode())
                            .onComplete(done -> connection.close());
                } else {
                    connection.close();
                }
            } else if (r.response().ended()) {
                awaitHeaders(); // keep-alive: the next request's headers are due
            } else {
                synchronized (this) {
                    arm(limits.bodyTimeout().toMillis(), this::check); // the server is still answering
                }
            }
        }

        private void arm(long millis, Runnable action) {
            cancel();
            long armed = ++generation;
            timer = vertx.setTimer(Math.max(1, millis), id -> {
                synchronized (this) {
                    if (armed != generation) {
                        return;
                    }
                }
                action.run();
            });
        }

        synchronized void cancel() {
            generation++;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
