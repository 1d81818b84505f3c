package org.openucc.log;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;

/**
 * An event to append. The factories name the events other parts of the server write (the routing
 * recorder writes the engine's own); {@code at} null means "now" by the log's clock.
 */
public record NewLogEvent(Instant at, LogEventType type, String interactionId, String agentId, String queueId,
                          String customerId, String actor, Map<String, Object> details) {
    public NewLogEvent {
        Objects.requireNonNull(type, "type");
        details = Details.copyOf(details);
        if (type.category() == LogEventType.Category.INTERACTION && interactionId == null) {
            throw new IllegalArgumentException(type + " needs an interaction id");
        }
        if (type.category() == LogEventType.Category.AGENT && agentId == null) {
            throw new IllegalArgumentException(type + " needs an agent id");
        }
    }

    public static NewLogEvent interaction(Instant at, LogEventType type, String interactionId, Map<String, ?> details) {
        return new NewLogEvent(at, type, interactionId, null, null, null, null, Details.copyOf(details));
    }

    /**
     * An interaction came in (or was placed). Written by whoever creates it (channel adapter, API)
     * before handing it to routing; the CDR takes its channel and customer from here.
     */
    public static NewLogEvent interactionCreated(Instant at, String interactionId, Channel channel, String direction,
                                                 String queueId, String customerId, Map<String, String> attributes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("channel", channel.name());
        d.put("direction", direction);
        if (attributes != null) {
            attributes.forEach((k, v) -> d.put(ATTRIBUTE_PREFIX + k, v));
        }
        return new NewLogEvent(at, LogEventType.INTERACTION_CREATED, interactionId, null, queueId, customerId, null, d);
    }

    /** Prefix of the detail keys of {@link #withRouting}: {@code skill.billing = 5}. */
    public static final String SKILL_PREFIX = "skill.";
    /** Prefix of the detail keys of an interaction's attributes in {@link #interactionCreated}. */
    public static final String ATTRIBUTE_PREFIX = "attr.";

    /**
     * This INTERACTION_CREATED with what routing needs to queue it again from the log alone (after a
     * restart, or on a standby node): the skills it needs, its explicit priority, the customer's tier
     * and the preferred agent.
     */
    public NewLogEvent withRouting(Map<String, Integer> skills, int priority, Tier tier, String preferredAgentId) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        if (skills != null) {
            skills.forEach((k, v) -> d.put(SKILL_PREFIX + k, v));
        }
        d.put("priority", priority);
        d.put("tier", tier);
        d.put("preferredAgentId", preferredAgentId);
        return new NewLogEvent(at, type, interactionId, agentId, queueId, customerId, actor, d);
    }

    /** The caller was identified after the interaction was created (IVR account number, agent search). */
    public static NewLogEvent customerIdentified(Instant at, String interactionId, String customerId, String how) {
        return new NewLogEvent(at, LogEventType.CUSTOMER_IDENTIFIED, interactionId, null, null, customerId, null,
                Map.of("by", how));
    }

    public static NewLogEvent ivr(Instant at, LogEventType type, String interactionId, String flow, String node) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("flow", flow);
        d.put("node", node);
        return new NewLogEvent(at, type, interactionId, null, null, null, null, d);
    }

    public static NewLogEvent accepted(Instant at, String interactionId, String agentId) {
        return new NewLogEvent(at, LogEventType.OFFER_ACCEPTED, interactionId, agentId, null, null, agentId, null);
    }

    public static NewLogEvent held(Instant at, String interactionId, String agentId) {
        return new NewLogEvent(at, LogEventType.HELD, interactionId, agentId, null, null, agentId, null);
    }

    public static NewLogEvent resumed(Instant at, String interactionId, String agentId) {
        return new NewLogEvent(at, LogEventType.RESUMED, interactionId, agentId, null, null, agentId, null);
    }

    /** The conversation ended on the channel, e.g. a call leg hung up ({@code cause}: REMOTE_HANGUP...). */
    public static NewLogEvent ended(Instant at, String interactionId, String agentId, String cause, String detail) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cause", cause);
        d.put("detail", detail);
        return new NewLogEvent(at, LogEventType.ENDED, interactionId, agentId, null, null, null, d);
    }

    public static NewLogEvent failed(Instant at, String interactionId, String reason) {
        return new NewLogEvent(at, LogEventType.FAILED, interactionId, null, null, null, null, Map.of("reason", reason));
    }

    /** The outcome the agent picked at wrap-up, with the agent's notes. */
    public static NewLogEvent disposition(Instant at, String interactionId, String agentId, String code, String notes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("code", code);
        d.put("notes", notes);
        return new NewLogEvent(at, LogEventType.DISPOSITION, interactionId, agentId, null, null, agentId, d);
    }

    public static NewLogEvent recordingAvailable(Instant at, String interactionId, String path, long durationMillis) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", path);
        d.put("durationMillis", durationMillis);
        return new NewLogEvent(at, LogEventType.RECORDING_AVAILABLE, interactionId, null, null, null, null, d);
    }

    /** A user started playing a recording (the id of its RECORDING_AVAILABLE event); the audit of playbacks. */
    public static NewLogEvent recordingPlayed(Instant at, String interactionId, long recordingId, String username,
                                              String role, long rangeStart) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recordingId", recordingId);
        d.put("role", role);
        d.put("rangeStart", rangeStart);
        return new NewLogEvent(at, LogEventType.RECORDING_PLAYED, interactionId, null, null, null, username, d);
    }

    /** A recording's file was deleted after the retention period. */
    public static NewLogEvent recordingPurged(Instant at, String interactionId, long recordingId, String path,
                                              String retention, Instant recordedAt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recordingId", recordingId);
        d.put("path", path);
        d.put("retention", retention);
        d.put("recordedAt", recordedAt.toString());
        return new NewLogEvent(at, LogEventType.RECORDING_PURGED, interactionId, null, null, null, null, d);
    }

    /**
     * An administrator changed something: who ({@code actor}), what ({@code entity} + {@code entityId}),
     * how ({@code action}: create, update, delete...), and a short description of the change.
     */
    public static NewLogEvent adminChange(Instant at, String actor, String entity, String entityId, String action,
                                          String change) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("entity", entity);
        d.put("entityId", entityId);
        d.put("action", action);
        d.put("change", change);
        return new NewLogEvent(at, LogEventType.ADMIN_CHANGE, null, null, null, null, actor, d);
    }

    public NewLogEvent withCustomer(String newCustomerId) {
        return new NewLogEvent(at, type, interactionId, agentId, queueId, newCustomerId, actor, details);
    }
}
