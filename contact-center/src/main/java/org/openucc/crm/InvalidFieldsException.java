package org.openucc.crm;

import java.util.List;
import java.util.stream.Collectors;

/** A draft broke the rules; carries every bad field at once (HTTP 400 with one entry per field). */
public final class InvalidFieldsException extends RuntimeException {
    private final transient List<FieldError> errors;

    public InvalidFieldsException(String what, List<FieldError> errors) {
        super(what + " is invalid: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
