package org.openucc.fault;

import java.util.List;
import java.util.stream.Collectors;
import org.openucc.crm.FieldError;

/** The input is malformed or names bad fields; carries every bad field at once. */
public final class InvalidInputException extends RuntimeException {
    private final transient List<FieldError> fields;

    public InvalidInputException(String message) {
        super(message);
        this.fields = List.of();
    }

    public InvalidInputException(List<FieldError> fields) {
        super("the request has " + fields.size() + (fields.size() == 1 ? " bad field: " : " bad fields: ")
                + fields.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.fields = List.copyOf(fields);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> fields() {
        return fields;
    }
}
