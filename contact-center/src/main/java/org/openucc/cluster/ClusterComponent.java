package org.openucc.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openucc.ComponentHealth;
import org.openucc.Lifecycle;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.ContactCenterConfig;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.recovery.CallKeeper;
import org.openucc.recovery.InteractionRecovery;
import org.openucc.recovery.Recovery;
import org.openucc.recovery.RecoveryPlan;
import org.openucc.recovery.RecoveryReader;
import org.openucc.recovery.RecoveryReport;
import org.openucc.routing.AgentView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingJournal;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.openucc.store.Database;
import org.openucc.store.StoreServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACD of a cluster node (instead of the single node's routing component): one node at a time owns the engine,
 * elected through the shared store's lease ({@link EngineLease}) and fenced by it; every node reaches it through
 * {@link #port()}. When the owner leaves the cluster (Hazelcast notices a dead member within
 * {@code cluster.failureDetection}), a live node takes the lease over, builds a fresh engine from the configuration,
 * and rebuilds its waiting work and agents from the interaction log (the same recovery as a restart, with what the
 * surviving nodes still carry kept), then serves the others' commands. Every takeover is in the log.
 */
public final class ClusterComponent implements Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(ClusterComponent.class);
    static final String OWNER = "openucc.cluster.owner";
    static final String CARRIES = "openucc.cluster.carries.";
    static final String SESSION_ENDED = "openucc.cluster.session-ended";
    private static final long CHECK_MILLIS = 500;
    /**
     * How long a lease must go unrenewed (the owner renews it with every log commit and every {@value #CHECK_MILLIS}
     * ms) before a node that cannot see its holder may take it.
     */
    static final java.time.Duration STALE = java.time.Duration.ofMillis(4 * CHECK_MILLIS);
    /** The actor of the log events a takeover writes. */
    public static final String ACTOR = "cluster";

    private final ContactCenterConfig config;
    private final ClusterRuntime runtime;
    private final Supplier<StoreServices> store;
    private final RoutingJournal journal;
    private final InstantSource clock;
    private final RoutingStrategies strategies;
    private final ThreadPools pools;
    private final String nodeId;
    private final ClusterRoutingPort port;
    /** The services the cluster runs once: here while this node owns the engine. */
    private final ClusterSingletons singletons;
    private final ExecutorService delivery;
    private ScheduledExecutorService tasks;
    private volatile EngineLease lease;
    /** Which calls this node carries (its SIP stack's or Asterisk's), asked by a new owner after a failover. */
    private volatile Predicate<String> carries = id -> false;
    private MessageConsumer<Buffer> carriesConsumer;
    private MessageConsumer<Buffer> ownerConsumer;
    private MessageConsumer<Buffer> sessionsConsumer;
    /** Where the other nodes send this node's engine their commands while it owns it. */
    private volatile PortDoor door;
    private volatile String doorAddress;
    private volatile org.openucc.auth.SessionStore sessions;
    private UUID membershipListener;
    private volatile boolean ownerAtStart;
    private volatile EngineLease.Holder holder;
    private volatile long lastAnnouncedEpoch;
    private final AtomicLong takeovers = new AtomicLong();
    private volatile Map<String, Object> lastTakeover;
    private volatile boolean stopping;

    /** This node's Hazelcast and clustered Vert.x (for tests in this package). */
    ClusterRuntime runtime() {
        return runtime;
    }

    public ClusterComponent(ContactCenterConfig config, ClusterRuntime runtime, Supplier<StoreServices> store,
                            RoutingJournal journal, InstantSource clock, RoutingStrategies strategies, ThreadPools pools) {
        this.config = config;
        this.runtime = runtime;
        this.store = store;
        this.journal = journal;
        this.clock = clock;
        this.strategies = strategies;
        this.pools = pools;
        this.nodeId = config.cluster().nodeId();
        this.delivery = pools.fixed("acd-events", 1);
        this.port = new ClusterRoutingPort(runtime.vertx(), nodeId, config.cluster().commandTimeout(), delivery,
                runtime.portKey(), node -> {
                    var d = doors;
                    return d == null ? null : d.get(node);
                });
        this.singletons = new ClusterSingletons(runtime.vertx(), nodeId, config.cluster().commandTimeout());
    }

    /** Each node's routing port door ("host:port" by node id): a replicated map, read locally (set at start). */
    private volatile com.hazelcast.replicatedmap.ReplicatedMap<String, String> doors;

    /** Where this node runs the services the cluster runs once (mailbox, callbacks, campaigns): while it owns the engine. */
    public org.openucc.Singletons singletons() {
        return singletons;
    }

    /** The routing port every component of this node uses. */
    public ClusterRoutingPort port() {
        return port;
    }

    /** Which interactions' calls this node carries (set before start): a new owner keeps those calls. */
    public void carriesCallsWith(Predicate<String> carries) {
        this.carries = carries;
    }

    /**
     * Console and API sessions are the cluster's (set before start): a token opened on another node is found in the
     * shared store, and a logout on any node ends the session on every node.
     */
    public void shareSessions(org.openucc.auth.SessionStore store) {
        this.sessions = store;
        store.shareWithOtherNodes();
        store.onEndedHere(s -> runtime.vertx().eventBus().publish(SESSION_ENDED, Buffer.buffer(s.id()),
                new DeliveryOptions().addHeader("node", nodeId)));
    }

    /**
     * The cluster's SIP registrations (for the built-in registrar): a phone registered through any node can be rung
     * from every node.
     */
    public org.openucc.telephony.sip.SipBindings sipBindings() {
        return new HazelcastSipBindings(runtime.hazelcast(), nodeId);
    }

    /** Whether this node took the engine at start: then the start-up recovery rebuilds its waiting work. */
    public boolean ownsEngineAtStart() {
        return ownerAtStart;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public void start() throws Exception {
        port.ready().toCompletableFuture().get(30, TimeUnit.SECONDS);
        door = port.door(config.cluster().host());
        int doorPort = door.listen().await(30, TimeUnit.SECONDS);
        doors = runtime.hazelcast().getReplicatedMap(ClusterRoutingPort.DOORS);
        doorAddress = config.cluster().host() + ":" + doorPort;
        doors.put(nodeId, doorAddress);
        Database db = store.get().database();
        lease = new EngineLease(db, nodeId);
        var bus = runtime.vertx().eventBus();
        carriesConsumer = bus.consumer(CARRIES + nodeId, m -> {
            String id = m.body().toString();
            boolean yes;
            try {
                yes = carries.test(id);
            } catch (RuntimeException e) {
                yes = false;
            }
            m.reply(Buffer.buffer(Boolean.toString(yes)));
        });
        ownerConsumer = bus.consumer(OWNER, m -> {
            long epoch = Long.parseLong(m.headers().get("epoch"));
            String owner = m.body().toString();
            if (epoch >= lastAnnouncedEpoch) {
                port.ownerIs(owner);
                updateHolder(new EngineLease.Holder(epoch, owner, null)); // the views follow at once, not at the next check
            }
            if (!owner.equals(nodeId) && epoch > lastAnnouncedEpoch) {
                lastAnnouncedEpoch = epoch;
                port.resendInFlight();
                tasks.execute(this::giveStandingSetUp);
            }
        });
        sessionsConsumer = bus.consumer(SESSION_ENDED, m -> {
            org.openucc.auth.SessionStore s = sessions;
            if (s != null && !nodeId.equals(m.headers().get("node"))) {
                s.endedElsewhere(m.body().toString());
            }
        });
        sessionsConsumer.completion().await(30, TimeUnit.SECONDS);
        carriesConsumer.completion().await(30, TimeUnit.SECONDS);
        ownerConsumer.completion().await(30, TimeUnit.SECONDS);
        tasks = pools.scheduled("cluster");
        membershipListener = runtime.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                log.info("Cluster: member {} joined; members {}", e.getMember().getAttribute(ClusterRuntime.NODE_ATTRIBUTE),
                        runtime.members());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                String left = e.getMember().getAttribute(ClusterRuntime.NODE_ATTRIBUTE);
                log.warn("Cluster: member {} left; members {}", left, runtime.members());
                port.ownerLost(left);
                tasks.execute(ClusterComponent.this::check);
            }
        });
        // At start: take the engine if nobody live holds it (this node then runs the start-up recovery).
        OptionalLong epoch = lease.tryTakeOver(this::live, STALE);
        if (epoch.isPresent()) {
            ownerAtStart = true;
            own(epoch.getAsLong(), false);
        }
        holder = lease.read();
        port.followsFrom(holder.epoch());
        port.ownerIs(holder.nodeId());
        log.info("Cluster '{}': node {} joined; members {}; engine owner {} (epoch {})", config.cluster().name(), nodeId,
                runtime.members(), holder.nodeId(), holder.epoch());
        tasks.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private boolean live(String node) {
        return runtime.members().contains(node);
    }

    /** Cluster thread: the owner renews its lease; the others take the engine over when its owner is gone. */
    private void check() {
        if (stopping) {
            return;
        }
        try {
            Long mine = port.ownedEpoch();
            if (mine != null) {
                if (lease.renew(mine)) {
                    return;
                }
                stepDown("its lease was taken over");
            }
            EngineLease.Holder h = lease.read();
            updateHolder(h);
            if (h.nodeId() != null && live(h.nodeId())) {
                port.ownerIs(h.nodeId());
                return;
            }
            OptionalLong epoch = lease.tryTakeOver(this::live, STALE);
            if (epoch.isPresent()) {
                own(epoch.getAsLong(), true);
                holder = new EngineLease.Holder(epoch.getAsLong(), nodeId, null);
            }
        } catch (RuntimeException e) {
            log.warn("Cluster check on node {} failed: {}", nodeId, e.toString());
        }
    }

    /**
     * The engine's holder as last seen (the lease read on the check, or a new owner's announcement, which may come
     * first): a later term replaces an earlier one, never the other way round.
     */
    private synchronized void updateHolder(EngineLease.Holder h) {
        EngineLease.Holder now = holder;
        if (now == null || h.epoch() >= now.epoch()) {
            holder = h;
        }
    }

    /** Builds the engine for this term, fenced by {@code epoch}; after a failover, rebuilds the work from the log. */
    private void own(long epoch, boolean failover) {
        long begin = System.nanoTime();
        Instant at = clock.instant();
        String previous = holder == null ? null : holder.nodeId();
        if (previous == null && port.lastOwner() != null && !nodeId.equals(port.lastOwner())) {
            previous = port.lastOwner(); // the owner gave the lease up as it stopped: the lease no longer names it
        }
        RoutingService service = new RoutingService(config.routing(), clock, strategies);
        try {
            service.load(config.businessHours(), config.queues(), config.agents()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            service.close();
            throw new IllegalStateException("could not load the engine: " + e.getMessage(), e);
        }
        service.setJournal(journal);
        store.get().fenceLog(lease.fence(epoch, () -> {
            port.fencedOut();
            tasks.execute(() -> stepDown("its log commit was fenced out"));
        }));
        port.own(epoch, service);
        RecoveryReport report = null;
        if (failover) {
            report = recover(service, at, previous);
        }
        for (RoutingCommand<?> c : port.standing()) {
            service.send(c);
        }
        try {
            port.serve().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("Cluster: node {} could not serve the engine's commands: {}", nodeId, e.toString());
        }
        port.ownerIs(nodeId);
        port.resendInFlight(); // this node's own commands that went to the old owner
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        takeovers.incrementAndGet();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epoch", epoch);
        t.put("at", at.toString());
        t.put("previousOwner", previous);
        t.put("failover", failover);
        t.put("tookMillis", tookMillis);
        if (report != null) {
            t.put("recovery", report.figures());
        }
        lastTakeover = t;
        String change = (failover ? "failover: " : "start: ") + "node " + nodeId + " owns the ACD engine (epoch " + epoch
                + (previous == null ? "" : ", previous owner " + previous + (failover ? " left the cluster" : ""))
                + ") in " + tookMillis + " ms" + (report == null ? "" : "; " + report.figures());
        store.get().interactionLog().append(ClusterView.takeoverEvent(nodeId, epoch, previous, failover, tookMillis, change));
        lastAnnouncedEpoch = epoch;
        runtime.vertx().eventBus().publish(OWNER, Buffer.buffer(nodeId),
                new DeliveryOptions().addHeader("epoch", Long.toString(epoch)));
        log.warn("Cluster: {}", change);
        singletons.gained(report); // the mailbox, callbacks and campaigns run where the engine is
    }

    /** The work the old owner's engine held, rebuilt from the log: waiting work at its place, agents' states. */
    private RecoveryReport recover(RoutingService service, Instant at, String previous) {
        InteractionLog interactionLog = store.get().interactionLog();
        List<String> agents = new ArrayList<>();
        for (AgentView a : service.send(new RoutingCommand.ListAgents()).join()) {
            agents.add(a.id());
        }
        RecoveryPlan plan = new RecoveryReader(interactionLog).read(agents, at);
        List<InteractionRecovery> adapted = new ArrayList<>();
        String gone = previous == null ? "the engine's owner" : "node " + previous;
        for (InteractionRecovery r : plan.interactions()) {
            adapted.add(adapt(r, gone));
        }
        CallKeeper keeper = new CallKeeper() {
            @Override
            public Decision keep(InteractionRecovery interaction) {
                return Decision.REATTACH;
            }

            @Override
            public void kept(InteractionRecovery interaction) {
            }

            @Override
            public void refused(InteractionRecovery interaction, String reason) {
                log.warn("Cluster failover: {} could not be taken back: {}", interaction.interactionId(), reason);
            }
        };
        return new Recovery(service, interactionLog, keeper).apply(new RecoveryPlan(adapted, plan.agents()));
    }

    /**
     * What a failover does differs from a restart only where the survivors still hold the interaction: work in an
     * agent's hands on a live front stays with that agent (chat, email, callback; a call that a live node carries),
     * a call still waiting on a live node waits again at its place, and a call on no live node ended with the node.
     */
    private InteractionRecovery adapt(InteractionRecovery r, String gone) {
        // A callback in an agent's hands is a call (the agent's phone and the customer's, bridged by a node).
        boolean voice = r.channel() == Channel.VOICE || r.channel() == Channel.OUTBOUND_VOICE
                || r.channel() == Channel.CALLBACK && r.stage() == InteractionRecovery.Stage.IN_HAND;
        InteractionRecovery.Action action = r.action();
        String reason = r.reason();
        if (voice && (action == InteractionRecovery.Action.END || action == InteractionRecovery.Action.KEEP)) {
            if (carriedByLiveNode(r.interactionId())) {
                action = r.stage() == InteractionRecovery.Stage.IN_HAND ? InteractionRecovery.Action.KEEP
                        : InteractionRecovery.Action.RESTORE;
                reason = "the engine failed over; the call is still up on its node";
            } else {
                action = InteractionRecovery.Action.END;
                reason = gone + " stopped: the call's media was lost with it";
            }
        } else if (!voice && action == InteractionRecovery.Action.RESTORE && r.stage() == InteractionRecovery.Stage.IN_HAND
                && r.agentId() != null) {
            action = InteractionRecovery.Action.KEEP;
            reason = "the engine failed over; still in the agent's hands";
        } else if (action == InteractionRecovery.Action.RESTORE) {
            reason = "the engine failed over from " + gone;
        }
        return new InteractionRecovery(r.interactionId(), r.channel(), r.direction(), r.queueId(), r.skills(), r.priority(),
                r.tier(), r.customerId(), r.attributes(), r.enqueuedAt(), r.stage(), r.agentId(), r.wrapUps(),
                r.answered(), action, reason);
    }

    private boolean carriedByLiveNode(String interactionId) {
        for (String member : runtime.members()) {
            if (member.equals(nodeId)) {
                if (carries.test(interactionId)) {
                    return true;
                }
                continue;
            }
            try {
                Boolean yes = runtime.vertx().eventBus().<Buffer>request(CARRIES + member, Buffer.buffer(interactionId),
                                new DeliveryOptions().setSendTimeout(2_000))
                        .map(m -> Boolean.parseBoolean(m.body().toString()))
                        .await(3, TimeUnit.SECONDS);
                if (Boolean.TRUE.equals(yes)) {
                    return true;
                }
            } catch (Exception e) {
                log.warn("Cluster failover: node {} did not say whether it carries {}: {}", member, interactionId, e.toString());
            }
        }
        return false;
    }

    /** A new owner took over: this node's adapters' set-up (phones) goes to its engine again. */
    private void giveStandingSetUp() {
        for (RoutingCommand<?> c : port.standing()) {
            port.send(c).whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("Cluster: set-up {} not taken by the new owner: {}", c, e.toString());
                }
            });
        }
    }

    private void stepDown(String why) {
        singletons.lost("the node gave up the ACD engine: " + why); // before the engine goes
        RoutingService s = port.release();
        if (s != null) {
            store.get().fenceLog(null);
            s.close();
            log.error("Cluster: node {} gave up the ACD engine: {}", nodeId, why);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        if (tasks != null) {
            ThreadPools.shutDown(tasks);
        }
        if (membershipListener != null) {
            try {
                runtime.hazelcast().getCluster().removeMembershipListener(membershipListener);
            } catch (RuntimeException e) {
                // Hazelcast already down
            }
        }
        if (carriesConsumer != null) {
            carriesConsumer.unregister();
        }
        if (ownerConsumer != null) {
            ownerConsumer.unregister();
        }
        if (sessionsConsumer != null) {
            sessionsConsumer.unregister();
        }
        singletons.lost("the node is stopping");
        Long epoch = port.ownedEpoch();
        port.close(); // the engine stops deciding first: nothing of it is written after the lease is given up
        if (epoch != null && lease != null) {
            try {
                // What the log holds for this owner is written under its fence before the lease goes.
                store.get().interactionLog().flush().get(5, TimeUnit.SECONDS);
                store.get().fenceLog(null);
                lease.release(epoch);
                log.info("Cluster: node {} gave the ACD engine up (stopping)", nodeId);
            } catch (Exception e) {
                log.warn("Cluster: the engine lease could not be released ({}); another node takes it once it is stale",
                        e.toString());
            }
        }
        StoreServices s = null;
        try {
            s = store.get();
        } catch (RuntimeException e) {
            // store already stopped
        }
        if (s != null) {
            s.fenceLog(null);
        }
        if (door != null) {
            door.close();
        }
        ThreadPools.shutDown(delivery);
    }

    /** The cluster for the supervisor view (see {@link ClusterView}); reads the log (blocking). */
    public Map<String, Object> view() {
        EngineLease.Holder h = holder;
        return ClusterView.of(config.cluster().name(), nodeId, runtime.members(), h == null ? null : h.nodeId(),
                h == null ? null : h.epoch(), port.owns(), store.get().interactionLog());
    }

    @Override
    public ComponentHealth health() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cluster", config.cluster().name());
        d.put("node", nodeId);
        d.put("members", runtime.members());
        EngineLease.Holder h = holder;
        d.put("engineOwner", h == null ? null : h.nodeId());
        d.put("epoch", h == null ? null : h.epoch());
        d.put("ownsEngine", port.owns());
        d.put("runsSingletons", singletons.runHere());
        d.put("singletons", singletons.running());
        d.put("takeovers", takeovers.get());
        if (lastTakeover != null) {
            d.put("lastTakeover", lastTakeover);
        }
        PortDoor dr = door;
        if (dr != null) {
            d.put("routingDoor", doorAddress);
            d.put("routingDoorConnections", dr.connections());
        }
        d.put("commandsSentToOwner", port.remoteCommands());
        d.put("eventsFromOwner", port.remoteEvents());
        if (h == null || h.nodeId() == null || !runtime.members().contains(h.nodeId())) {
            d.put("reason", "no live node owns the ACD engine");
            return new ComponentHealth(ComponentHealth.Status.DOWN, d);
        }
        return ComponentHealth.up(d);
    }
}
