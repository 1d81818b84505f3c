package org.openucc.outbound;

import java.util.Map;

/**
 * A row to add to a campaign's list (from a CSV line, a JSON row or a CRM customer), before it is checked.
 *
 * @param line     the CSV line (0 if not from a file)
 * @param problems problems found while reading the row (e.g. a missing column), each "field: reason"
 */
public record RecordDraft(long line, String phone, String customerId, String name, Map<String, String> fields,
                          Consent consent, java.util.List<RowProblem> problems) {
    public RecordDraft {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        problems = problems == null ? java.util.List.of() : java.util.List.copyOf(problems);
    }

    public RecordDraft(long line, String phone, String customerId, String name, Map<String, String> fields,
                       Consent consent) {
        this(line, phone, customerId, name, fields, consent, java.util.List.of());
    }
}
