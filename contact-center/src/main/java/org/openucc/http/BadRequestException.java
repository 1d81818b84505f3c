package org.openucc.http;

import java.util.List;
import java.util.stream.Collectors;
import org.openucc.crm.FieldError;

/** A request (HTTP body, query or WebSocket message) that is malformed or names bad fields (HTTP 400). */
public final class BadRequestException extends RuntimeException {
    private final transient List<FieldError> fields;

    public BadRequestException(String message) {
        super(message);
        this.fields = List.of();
    }

    public BadRequestException(List<FieldError> fields) {
        super("the request has " + fields.size() + (fields.size() == 1 ? " bad field: " : " bad fields: ")
                + fields.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.fields = List.copyOf(fields);
    }

    public static BadRequestException field(String field, String message) {
        return new BadRequestException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> fields() {
        return fields;
    }
}
