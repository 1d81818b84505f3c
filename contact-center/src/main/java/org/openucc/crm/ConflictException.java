package org.openucc.crm;

/**
 * A write lost a race or would break a uniqueness rule (HTTP 409): someone else changed the record
 * since it was read, or another customer already has the account number.
 */
public final class ConflictException extends RuntimeException {
    private final String entity;
    private final String id;
    private final long currentVersion;

    private ConflictException(String entity, String id, long currentVersion, String message) {
        super(message);
        this.entity = entity;
        this.id = id;
        this.currentVersion = currentVersion;
    }

    public static ConflictException staleVersion(String entity, String id, long expected, long current) {
        return new ConflictException(entity, id, current, entity + " '" + id + "' was changed by someone else: you"
                + " edited version " + expected + ", it is now at version " + current + "; reload and apply your change again");
    }

    public static ConflictException duplicate(String entity, String id, String field, String value, String holder) {
        return new ConflictException(entity, id, -1, field + " '" + value + "' is already used by " + holder);
    }

    public String entity() {
        return entity;
    }

    public String id() {
        return id;
    }

    /** The version now stored, or -1 when the conflict is not about versions. */
    public long currentVersion() {
        return currentVersion;
    }
}
