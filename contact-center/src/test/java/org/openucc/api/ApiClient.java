package org.openucc.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A real HTTP client for tests (Vert.x WebClient over loopback), logged in as one user by bearer
 * token or cookie. Calls block the test thread until the answer is there (never an event loop).
 * An observer sees every exchange (the OpenAPI conformance test validates them all).
 */
public final class ApiClient {
    private final WebClient web;
    private final int port;
    private final String authorization;
    private final String cookie;
    private BiConsumer<Exchange, HttpResponse<Buffer>> observer = (e, r) -> { };

    /** Blocks the test thread (never an event loop) for the future, at most 20 s. */
    public static <T> T await(Future<T> future, String what) {
        try {
            return future.await(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + " did not complete within 20 s", e);
        }
    }

    /** A request as sent: enough to find the operation it called. */
    public record Exchange(HttpMethod method, String path) {
    }

    private ApiClient(WebClient web, int port, String authorization, String cookie) {
        this.web = web;
        this.port = port;
        this.authorization = authorization;
        this.cookie = cookie;
    }

    public static ApiClient anonymous(Vertx vertx, int port) {
        return new ApiClient(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setKeepAlive(false)), port, null, null);
    }

    /** An anonymous client whose connections come from another loopback address (e.g. 127.0.0.2: another office). */
    public static ApiClient anonymousFrom(Vertx vertx, int port, String localAddress) {
        return new ApiClient(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setKeepAlive(false).setLocalAddress(localAddress)), port, null, null);
    }

    /** Logs in with /api/auth/token and uses the bearer token. */
    public static ApiClient bearer(Vertx vertx, int port, String username, String password) {
        ApiClient anonymous = anonymous(vertx, port);
        HttpResponse<Buffer> r = anonymous.post("/api/auth/token", new JsonObject().put("username", username)
                .put("password", password));
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + username + " failed: " + r.statusCode() + " " + r.bodyAsString());
        }
        return anonymous.as("Bearer " + r.bodyAsJsonObject().getString("token"), null);
    }

    /** Logs in with /api/auth/login and sends the session cookie, as a browser would. */
    public static ApiClient cookie(Vertx vertx, int port, String username, String password) {
        ApiClient anonymous = anonymous(vertx, port);
        HttpResponse<Buffer> r = anonymous.post("/api/auth/login", new JsonObject().put("username", username)
                .put("password", password));
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + username + " failed: " + r.statusCode() + " " + r.bodyAsString());
        }
        String setCookie = r.cookies().get(0);
        return anonymous.as(null, setCookie.split(";", 2)[0]);
    }

    public ApiClient as(String newAuthorization, String newCookie) {
        ApiClient c = new ApiClient(web, port, newAuthorization, newCookie);
        c.observer = observer;
        return c;
    }

    public ApiClient observedBy(BiConsumer<Exchange, HttpResponse<Buffer>> newObserver) {
        ApiClient c = new ApiClient(web, port, authorization, cookie);
        c.observer = newObserver;
        return c;
    }

    /** The headers a WebSocket handshake needs to carry this client's session. */
    public MultiMap sessionHeaders() {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        if (authorization != null) {
            h.add("authorization", authorization);
        }
        if (cookie != null) {
            h.add("cookie", cookie);
        }
        return h;
    }

    public int port() {
        return port;
    }

    public HttpResponse<Buffer> get(String uri) {
        return send(HttpMethod.GET, uri, null, null);
    }

    public HttpResponse<Buffer> delete(String uri) {
        return send(HttpMethod.DELETE, uri, null, null);
    }

    public HttpResponse<Buffer> post(String uri, JsonObject body) {
        return send(HttpMethod.POST, uri, body == null ? null : body.toBuffer(), "application/json");
    }

    public HttpResponse<Buffer> put(String uri, JsonObject body) {
        return send(HttpMethod.PUT, uri, body.toBuffer(), "application/json");
    }

    /** A request without a body but with headers of its own (e.g. Range). */
    public HttpResponse<Buffer> send(HttpMethod method, String uri, java.util.Map<String, String> headers) {
        HttpRequest<Buffer> request = web.request(method, uri);
        headers.forEach(request::putHeader);
        return send(request, method, uri, null, null);
    }

    /** A raw body with any content type (malformed JSON, CSV, oversized bodies). */
    public HttpResponse<Buffer> send(HttpMethod method, String uri, Buffer body, String contentType) {
        return send(web.request(method, uri), method, uri, body, contentType);
    }

    private HttpResponse<Buffer> send(HttpRequest<Buffer> request, HttpMethod method, String uri, Buffer body,
                                      String contentType) {
        if (authorization != null) {
            request.putHeader("authorization", authorization);
        }
        if (cookie != null) {
            request.putHeader("cookie", cookie);
        }
        if (contentType != null) {
            request.putHeader("content-type", contentType);
        }
        Future<HttpResponse<Buffer>> f = body == null ? request.send() : request.sendBuffer(body);
        HttpResponse<Buffer> response = await(f, method + " " + uri);
        observer.accept(new Exchange(method, uri.split("\\?", 2)[0]), response);
        return response;
    }
}
