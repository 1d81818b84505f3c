package org.openucc.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openucc.telephony.sip.SipBinding;
import org.openucc.telephony.sip.SipBindings;

/**
 * The cluster's SIP registrations: a Hazelcast map from binding key (agent id) to the binding as JSON, each entry
 * living a little longer than its registration (the registrars time the expiry themselves; the map's time-to-live
 * only cleans up after them). The map is partitioned with {@value #BACKUPS} backups, so a node's death loses none of
 * the bindings (its registrar's phones stay reachable from the others until their registrations lapse).
 */
final class HazelcastSipBindings implements SipBindings {
    static final String MAP = "openucc.sip.bindings";
    /** Synchronous backups of every entry (as many as the other members allow). */
    static final int BACKUPS = 2;
    /** How long an entry outlives its registration in the map (the registrars remove it on time themselves). */
    private static final long GRACE_SECONDS = 30;

    private final IMap<String, String> map;
    private final Cluster cluster;
    private final String node;

    HazelcastSipBindings(HazelcastInstance hazelcast, String node) {
        this.map = hazelcast.getMap(MAP);
        this.cluster = hazelcast.getCluster();
        this.node = node;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public void publish(SipBinding b) {
        long left = Math.max(0, b.expiresAtMillis() - System.currentTimeMillis());
        map.set(b.key(), encode(b), TimeUnit.MILLISECONDS.toSeconds(left) + GRACE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void remove(String key) {
        map.remove(key);
    }

    @Override
    public void withdraw(SipBinding b) {
        map.remove(b.key(), encode(b));
    }

    @Override
    public Optional<SipBinding> get(String key) {
        return Optional.ofNullable(map.get(key)).map(HazelcastSipBindings::decode);
    }

    @Override
    public Collection<SipBinding> all() {
        List<SipBinding> out = new ArrayList<>();
        for (String v : map.values()) {
            out.add(decode(v));
        }
        return out;
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed, Runnable memberLeft) {
        UUID id = map.addEntryListener(new Listener(changed), false);
        UUID members = cluster.addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                // A new member takes over some entries with their values: nothing changes for the registrars.
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                memberLeft.run();
            }
        });
        return () -> {
            cluster.removeMembershipListener(members);
            map.removeEntryListener(id);
        };
    }

    /** One JSON text per binding, always with the same fields in the same order (withdraw compares the text). */
    static String encode(SipBinding b) {
        return new JsonObject().put("key", b.key()).put("username", b.username()).put("contact", b.contact())
                .put("transport", b.transport()).put("expiresAtMillis", b.expiresAtMillis()).put("node", b.node())
                .encode();
    }

    static SipBinding decode(String text) {
        JsonObject j = new JsonObject(text);
        return new SipBinding(j.getString("key"), j.getString("username"), j.getString("contact"),
                j.getString("transport"), j.getLong("expiresAtMillis"), j.getString("node"));
    }

    /** Every kind of change of an entry comes down to "read this key again". */
    private record Listener(Consumer<String> changed) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String>,
            EntryExpiredListener<String, String>, EntryEvictedListener<String, String>, MapClearedListener {
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            changed.accept(e.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            changed.accept(e.getKey());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> e) {
            changed.accept(e.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, String> e) {
            changed.accept(e.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> e) {
            changed.accept(e.getKey());
        }

        @Override
        public void mapCleared(MapEvent e) {
            // Nobody clears it; were it cleared, the registrars' own expiry timers still end what they know.
        }
    }
}
