package org.openucc.crm;

import java.util.Optional;

/**
 * Service requests. Same write rules as {@link CustomerStore}; moving a case to RESOLVED or CLOSED
 * sets its closing time, reopening clears it.
 */
public interface CaseStore {

    ServiceCase open(String customerId, CaseDraft draft);

    Optional<ServiceCase> find(String caseId);

    /** The customer's cases: open ones most urgent first, then the others newest first. */
    Page<ServiceCase> cases(String customerId, boolean openOnly, PageRequest page);

    ServiceCase update(String caseId, long expectedVersion, CaseDraft draft);

    void delete(String caseId, long expectedVersion);
}
