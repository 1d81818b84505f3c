package org.openucc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one component is doing, as shown in {@code /health}.
 *
 * @param details a few plain values (strings, numbers, booleans) that help an operator, e.g. the port
 */
public record ComponentHealth(Status status, Map<String, Object> details) {
    public enum Status { UP, DOWN }

    public ComponentHealth {
        // Kept in the order given, so /health reads the same way every time.
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static ComponentHealth up() {
        return new ComponentHealth(Status.UP, Map.of());
    }

    public static ComponentHealth up(Map<String, Object> details) {
        return new ComponentHealth(Status.UP, details);
    }

    public static ComponentHealth down(String reason) {
        return new ComponentHealth(Status.DOWN, Map.of("reason", reason));
    }

    public boolean isUp() {
        return status == Status.UP;
    }

    /** Status and details as one flat map, the shape {@code /health} shows per component. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.name());
        m.putAll(details);
        return m;
    }
}
