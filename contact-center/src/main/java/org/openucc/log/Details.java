package org.openucc.log;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Event details are flat JSON: string keys, and strings, numbers or booleans as values (nulls dropped). */
final class Details {
    private Details() {
    }

    static Map<String, Object> copyOf(Map<String, ?> details) {
        if (details == null || details.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (k == null) {
                throw new IllegalArgumentException("event detail keys must not be null");
            }
            if (v == null) {
                return;
            }
            if (v instanceof Enum<?> e) {
                copy.put(k, e.name());
            } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                copy.put(k, v);
            } else {
                throw new IllegalArgumentException("event detail '" + k + "' is a " + v.getClass().getSimpleName()
                        + "; only strings, numbers and booleans are logged");
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}
