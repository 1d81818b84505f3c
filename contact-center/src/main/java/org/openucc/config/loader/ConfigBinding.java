package org.openucc.config.loader;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * Binds a checked tree to the config records with Jackson. Durations, time ranges, times, dates and
 * zones are read with the same parsers the checker used, so they read the same way in both places.
 */
final class ConfigBinding {
    private final ObjectMapper mapper;

    ConfigBinding() {
        SimpleModule scalars = new SimpleModule("openucc-config-scalars");
        for (ScalarTypes.ScalarType<?> type : ScalarTypes.all()) {
            register(scalars, type);
        }
        // Registered after JavaTimeModule so ours win for Duration, LocalTime, LocalDate and ZoneId.
        mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(scalars)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    <T> T bind(JsonNode tree, Class<T> type) throws JsonProcessingException {
        return mapper.treeToValue(tree, type);
    }

    private static <T> void register(SimpleModule module, ScalarTypes.ScalarType<T> type) {
        module.addDeserializer(type.type(), new StdScalarDeserializer<T>(type.type()) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                if (text == null) {
                    @SuppressWarnings("unchecked")
                    T handled = (T) ctxt.handleUnexpectedToken(type.type(), p);
                    return handled;
                }
                try {
                    return type.parse(text);
                } catch (IllegalArgumentException e) {
                    throw ctxt.weirdStringException(text, type.type(), e.getMessage());
                }
            }
        });
    }
}
