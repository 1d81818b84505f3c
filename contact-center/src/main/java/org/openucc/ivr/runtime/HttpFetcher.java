package org.openucc.ivr.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Calls an external HTTP endpoint for an {@code http} node, without blocking. The answer's JSON is
 * read by the adapter; the runtime only sees the values at the pointers it asked for.
 */
public interface HttpFetcher {
    CompletionStage<Reply> fetch(Request request);

    /** @param pointers JSON pointers to read from a JSON answer ({@code ""} is the whole document) */
    record Request(String method, String url, Map<String, String> headers, String body, Duration timeout,
                   Set<String> pointers) {
        public Request {
            headers = Map.copyOf(headers);
            pointers = Set.copyOf(pointers);
        }
    }

    /**
     * @param values pointer → value (String, BigDecimal or Boolean) for the pointers present in the
     *               answer; objects and arrays come as their JSON text
     */
    record Reply(int status, Map<String, Object> values) {
        public Reply {
            values = Map.copyOf(values);
        }
    }
}
