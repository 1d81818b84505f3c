package org.openucc.config;

/** What happens to an interaction that arrives while its queue's business hours say closed. */
public enum ClosedAction {
    /** Refuse it with the reason "closed: outside business hours of &lt;calendar&gt;" (the default). */
    REJECT,
    /** Queue it anyway: it waits for the agents of the next opening (e.g. emails, callbacks). */
    QUEUE,
    /** Send it to the queue named in {@code whenClosedQueue} (whose own business hours then apply). */
    OVERFLOW
}
