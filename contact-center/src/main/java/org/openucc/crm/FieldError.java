package org.openucc.crm;

/**
 * One bad field of a request.
 *
 * @param field a dotted path into the draft ({@code phones[1].number}, {@code accountNumber})
 */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
