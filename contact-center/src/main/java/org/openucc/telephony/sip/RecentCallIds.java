package org.openucc.telephony.sip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Call-IDs of inbound calls that ended within the last {@code windowMillis} (64*T1 = 32 s, how
 * long a late copy of their INVITE can still arrive, RFC 3261 §17.2.1), so a copy on a new branch
 * does not start the call again. Bounded: the oldest are forgotten first.
 */
final class RecentCallIds {
    static final long WINDOW_MILLIS = 32_000;
    static final int MAX = 50_000;

    private final Map<String, Long> endedAt = new LinkedHashMap<>();
    private final long windowMillis;
    private final int max;

    RecentCallIds() {
        this(WINDOW_MILLIS, MAX);
    }

    RecentCallIds(long windowMillis, int max) {
        this.windowMillis = windowMillis;
        this.max = max;
    }

    synchronized void ended(String callId, long nowMillis) {
        endedAt.remove(callId);
        endedAt.put(callId, nowMillis);
        expire(nowMillis);
    }

    synchronized boolean contains(String callId, long nowMillis) {
        expire(nowMillis);
        return endedAt.containsKey(callId);
    }

    synchronized int size() {
        return endedAt.size();
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Long>> it = endedAt.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (endedAt.size() > max || now - e.getValue() > windowMillis) {
                it.remove();
            } else {
                break; // insertion order is end order: the rest are younger
            }
        }
    }
}
