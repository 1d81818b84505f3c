package org.openucc.crm;

/** A service request to open or replace; status null means OPEN, priority null means NORMAL. */
public record CaseDraft(String subject, String description, CaseStatus status, CasePriority priority,
                        String ownerAgentId) {
    public CaseDraft {
        status = status == null ? CaseStatus.OPEN : status;
        priority = priority == null ? CasePriority.NORMAL : priority;
    }
}
