package org.openucc.crm;

/** How urgent a service request is. */
public enum CasePriority {
    LOW,
    NORMAL,
    HIGH,
    URGENT
}
