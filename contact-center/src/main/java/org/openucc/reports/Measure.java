package org.openucc.reports;

/**
 * The sums kept per interval and group. Every figure of a report (averages, rates) is computed from
 * these; they add up across intervals and groups, so coarser intervals are sums of finer ones. The
 * name in lower case is the column of the aggregate table: never rename one, only add.
 */
public enum Measure {
    /** Entries into a queue (a transfer into another queue is another entry). */
    OFFERED,
    ANSWERED,
    ABANDONED,
    /** Abandoned within the short-abandon threshold. */
    SHORT_ABANDONED,
    /** Answered within the queue's service-level threshold. */
    ANSWERED_IN_SL,
    /** The service level's denominator: answered plus the abandons that count (never short ones). */
    SL_BASE,
    ANSWER_WAIT_MS,
    ABANDON_WAIT_MS,
    /** Handlings finished (talk and wrap-up over): what AHT averages over. */
    HANDLED,
    TALK_MS,
    HOLD_MS,
    WRAP_MS,
    HOLDS,
    TRANSFERS,
    CALLBACKS,
    /** Callbacks that reached the customer (an attempt answered). */
    CALLBACKS_KEPT,
    /** Answered interactions with a known customer: first-contact resolution's denominator. */
    FCR_ELIGIBLE,
    /** ... of those, the customer contacted the same queue again within the window. */
    FCR_REPEATED,
    READY_MS,
    NOT_READY_MS,
    RESERVED_MS,
    BUSY_MS,
    WRAP_UP_STATE_MS,
    LOGGED_IN_MS;

    public static final int COUNT = values().length;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
