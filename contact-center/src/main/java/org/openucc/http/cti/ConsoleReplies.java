package org.openucc.http.cti;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openucc.http.ApiProblem;
import org.openucc.json.ApiJson;

/**
 * The answers the consoles' WebSockets give to their own messages (ack, error, pong) and the notice
 * that a session ended; the stream's other messages are the bridge's ({@link org.openucc.cti.AgentMessages}).
 */
final class ConsoleReplies {
    private ConsoleReplies() {
    }

    /** The answer to a command that worked; {@code result} (may be null) is added as "result". */
    static String ack(String id, String command, Object result) {
        ObjectNode m = ApiJson.message("ack").put("command", command);
        if (id != null) {
            m.put("id", id);
        }
        if (result != null) {
            m.set("result", ApiJson.mapper().valueToTree(result));
        }
        return m.toString();
    }

    /** The answer to a command that did not work, with the same fields as an HTTP error body. */
    static String error(String id, ApiProblem problem, String message) {
        ObjectNode m = ApiJson.message("error");
        if (id != null) {
            m.put("id", id);
        }
        m.put("status", problem.status()).put("error", problem.error());
        if (message != null) {
            m.put("message", message);
        }
        if (problem.retryAfterSeconds() != null) {
            m.put("retryAfterSeconds", problem.retryAfterSeconds());
        }
        if (!problem.fields().isEmpty()) {
            ArrayNode fields = m.putArray("fields");
            problem.fields().forEach(f -> fields.addObject().put("field", f.field()).put("message", f.message()));
        }
        if (problem.retryAfterSeconds() != null) {
            m.put("retryAfterSeconds", problem.retryAfterSeconds());
        }
        return m.toString();
    }

    static String pong(String id) {
        ObjectNode m = ApiJson.message("pong");
        return (id == null ? m : m.put("id", id)).toString();
    }

    static String sessionEnded(String reason) {
        return ApiJson.message("sessionEnded").put("reason", reason).toString();
    }
}
