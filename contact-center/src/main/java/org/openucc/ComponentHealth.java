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
    /** DEGRADED: serving, but not everything (e.g. the SIP stack out of RTP ports refuses new calls). */
    public enum Status { UP, DEGRADED, DOWN }

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

    /** With the reason first, then the details. */
    /**
     * Down, with the reason and what else is known, for a part the rest of the server does without
     * (an adapter to an outside system, e.g. Asterisk): the server as a whole is then DEGRADED, not DOWN.
     */
    public static ComponentHealth downContained(String reason, Map<String, Object> details) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("reason", reason);
        d.putAll(details);
        d.put(CONTAINED, true);
        return new ComponentHealth(Status.DOWN, d);
    }

    /** The detail that marks a {@link #downContained} component. */
    public static final String CONTAINED = "contained";

    public static ComponentHealth degraded(String reason, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("reason", reason);
        d.putAll(details);
        return new ComponentHealth(Status.DEGRADED, d);
    }

    /** Serving (UP or DEGRADED). */
    public boolean isUp() {
        return status != Status.DOWN;
    }

    /** The worst status of the components: what {@code /health} says for the whole server. */
    public static Status overall(java.util.Collection<ComponentHealth> components) {
        Status worst = Status.UP;
        for (ComponentHealth h : components) {
            Status s = h.status == Status.DOWN && Boolean.TRUE.equals(h.details.get(CONTAINED)) ? Status.DEGRADED
                    : h.status;
            if (s.ordinal() > worst.ordinal()) {
                worst = s;
            }
        }
        return worst;
    }

    /** Status and details as one flat map, the shape {@code /health} shows per component. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.name());
        m.putAll(details);
        return m;
    }
}
