package org.openucc.crm;

/** The customer, contact, note, task or case does not exist (HTTP 404). */
public final class NotFoundException extends RuntimeException {
    private final String entity;
    private final String id;

    public NotFoundException(String entity, String id) {
        super(entity + " '" + id + "' does not exist");
        this.entity = entity;
        this.id = id;
    }

    public String entity() {
        return entity;
    }

    public String id() {
        return id;
    }
}
