package org.openucc.ivr.runtime;

import java.time.LocalDate;
import java.util.List;
import org.openucc.interaction.Tier;

/**
 * What the IVR knows about an identified caller.
 *
 * @param openCases open and pending cases, most urgent first
 */
public record CallerRecord(String customerId, String name, Tier tier, String accountNumber, List<OpenCase> openCases) {
    public CallerRecord {
        openCases = List.copyOf(openCases);
    }

    /** A case the caller can hear about in self-service. */
    public record OpenCase(String subject, String status, LocalDate openedOn) {
    }
}
