package org.openucc.ivr.flow;

import java.util.Set;

/** The variables every call has, set by the runtime; flows add their own with set, collect and http. */
public final class Variables {
    public static final String CALLER = "caller";
    public static final String CALLER_NAME = "callerName";
    public static final String DIALED = "dialed";
    public static final String LANGUAGE = "language";
    public static final String QUEUE = "queue";
    public static final String PRIORITY = "priority";
    public static final String INTERACTION_ID = "interactionId";
    public static final String CALL_ID = "callId";
    public static final String FLOW = "flow";
    /** The digits of the last menu or collect (masked if it was secret). */
    public static final String LAST_DIGITS = "last.digits";
    public static final String HTTP_STATUS = "http.status";
    public static final String CUSTOMER_FOUND = "customer.found";
    public static final String CUSTOMER_ID = "customer.id";
    public static final String CUSTOMER_NAME = "customer.name";
    public static final String CUSTOMER_TIER = "customer.tier";
    public static final String CUSTOMER_ACCOUNT = "customer.account";
    public static final String CUSTOMER_IDENTIFIED_BY = "customer.identifiedBy";
    public static final String CUSTOMER_OPEN_CASES = "customer.openCases";
    /** The most urgent open case: its subject, status (OPEN, PENDING) and opening date (yyyy-MM-dd). */
    public static final String CASE_SUBJECT = "customer.caseSubject";
    public static final String CASE_STATUS = "customer.caseStatus";
    public static final String CASE_OPENED = "customer.caseOpened";
    /** While waiting in a queue: the position and the estimated wait in seconds. */
    public static final String QUEUE_POSITION = "queue.position";
    public static final String QUEUE_ESTIMATED_WAIT = "queue.estimatedWait";

    public static final Set<String> BUILT_IN = Set.of(CALLER, CALLER_NAME, DIALED, LANGUAGE, QUEUE, PRIORITY,
            INTERACTION_ID, CALL_ID, FLOW, LAST_DIGITS, HTTP_STATUS, CUSTOMER_FOUND, CUSTOMER_ID, CUSTOMER_NAME,
            CUSTOMER_TIER, CUSTOMER_ACCOUNT, CUSTOMER_IDENTIFIED_BY, CUSTOMER_OPEN_CASES, CASE_SUBJECT, CASE_STATUS,
            CASE_OPENED, QUEUE_POSITION, QUEUE_ESTIMATED_WAIT);

    private Variables() {
    }
}
