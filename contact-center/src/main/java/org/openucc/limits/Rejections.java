package org.openucc.limits;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what every public door refused, by door (http, websocket, sip, chat, login, callback, log…)
 * and limit (e.g. "connections-per-address", "invite-rate-per-source"). One instance per server, built
 * in the composition root and handed to each door; the metrics endpoint exposes the counts.
 */
public final class Rejections {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** One refusal by {@code door} because of {@code limit}. */
    public void count(String door, String limit) {
        counts.computeIfAbsent(door + '\u0000' + limit, k -> new LongAdder()).increment();
    }

    /** Refusals so far of one door and limit. */
    public long total(String door, String limit) {
        LongAdder a = counts.get(door + '\u0000' + limit);
        return a == null ? 0 : a.sum();
    }

    /** Every (door, limit) counted so far with its total, sorted by door then limit. */
    public Map<Key, Long> snapshot() {
        Map<Key, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            int cut = k.indexOf('\u0000');
            out.put(new Key(k.substring(0, cut), k.substring(cut + 1)), v.sum());
        });
        return out;
    }

    /** A door and one of its limits. */
    public record Key(String door, String limit) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = door.compareTo(o.door);
            return c != 0 ? c : limit.compareTo(o.limit);
        }
    }
}
