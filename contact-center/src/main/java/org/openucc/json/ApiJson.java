package org.openucc.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.openucc.message.TranscriptMessage;

/**
 * How the API writes JSON: records as objects, times as ISO-8601 text, absent (null) values left out.
 * One configured, immutable mapper for the REST API and the WebSockets, so both show the same shapes.
 * Only Jackson, no HTTP: the channels build their WebSocket messages with it too.
 */
public final class ApiJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            // Where a file is kept on the server is nobody's business outside it: the API shows its name,
            // type and size, and serves it at /api/interactions/{id}/attachments/{messageId}/{index}.
            .addMixIn(TranscriptMessage.Attachment.class, AttachmentShown.class)
            .build();

    @JsonIgnoreProperties("path")
    private abstract static class AttachmentShown {
    }

    private ApiJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A JSON object to add fields to, starting with {@code "type"} (the WebSocket message shape). */
    public static ObjectNode message(String type) {
        return MAPPER.createObjectNode().put("type", type);
    }

    /** The value as a JSON tree (to embed in a message). */
    public static ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
