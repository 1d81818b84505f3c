package org.openucc.crm;

/** Where a service request is; OPEN and PENDING count as open (shown in the screen pop). */
public enum CaseStatus {
    OPEN,
    PENDING,
    RESOLVED,
    CLOSED;

    public boolean isOpen() {
        return this == OPEN || this == PENDING;
    }
}
