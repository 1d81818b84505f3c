package org.openucc.ivr.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.openucc.ivr.runtime.HttpFetcher;

/**
 * {@code http} nodes on the JDK's HTTP client: asynchronous (no thread waits for the answer), with
 * the node's timeout; a JSON answer is read at the pointers the node asked for.
 */
public final class JdkHttpFetcher implements HttpFetcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    public JdkHttpFetcher(HttpClient client) {
        this.client = client;
    }

    @Override
    public CompletionStage<Reply> fetch(Request request) {
        try {
            return send(request);
        } catch (IllegalArgumentException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalArgumentException("cannot call '" + request.url() + "': " + e.getMessage(), e));
        }
    }

    private CompletionStage<Reply> send(Request request) {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(request.timeout())
                .method(request.method(), body)
                .header("Accept", "application/json");
        if (request.body() != null && !request.headers().containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        request.headers().forEach(b::header);
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Reply(r.statusCode(), values(r, request)));
    }

    private static Map<String, Object> values(HttpResponse<String> r, Request request) {
        Map<String, Object> out = new HashMap<>();
        if (request.pointers().isEmpty() || r.statusCode() < 200 || r.statusCode() > 299 || r.body().isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(request.url() + " did not answer JSON: " + e.getOriginalMessage());
        }
        for (String pointer : request.pointers()) {
            JsonNode v = root.at(pointer);
            if (v.isMissingNode() || v.isNull()) {
                continue;
            }
            if (v.isNumber()) {
                out.put(pointer, v.decimalValue());
            } else if (v.isBoolean()) {
                out.put(pointer, v.booleanValue());
            } else if (v.isValueNode()) {
                out.put(pointer, v.asText());
            } else {
                out.put(pointer, v.toString());
            }
        }
        return out;
    }
}
