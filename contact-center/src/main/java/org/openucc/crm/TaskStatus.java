package org.openucc.crm;

/** Where a follow-up task is. */
public enum TaskStatus {
    OPEN,
    DONE,
    CANCELLED;

    public boolean isOpen() {
        return this == OPEN;
    }
}
