package org.openucc.outbound.dialer;

import java.time.Instant;
import java.util.List;

/**
 * Where the dialer takes a campaign's next numbers from and gives each attempt's result back (the
 * campaign's stored list: do-not-call, calling windows, attempts and the retry schedule live there).
 * Blocking: the dialer calls it off its owners' threads.
 */
public interface CallingList {
    /** Up to {@code max} records due now, each taken (DIALING) so no other call takes it. */
    List<DialTarget> nextToDial(String campaignId, Instant now, int max);

    /**
     * What became of an attempt: {@code result} is a {@link AttemptResult} name, or the agent's
     * disposition code after a conversation ({@code disposition} non-null); the list applies its retry
     * schedule.
     */
    void outcome(String campaignId, String recordId, AttemptResult result, String disposition, String detail,
                 Instant now);
}
