package org.openucc;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openucc.auth.Caller;
import org.openucc.auth.SessionStore;
import org.openucc.channels.WebChannelsComponent;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.UserConfig;
import org.openucc.cti.CtiComponent;
import org.openucc.interaction.Channel;
import org.openucc.log.InteractionLog;
import org.openucc.recovery.Recovery;
import org.openucc.recovery.RecoveryPlan;
import org.openucc.recovery.RecoveryReader;
import org.openucc.recovery.RecoveryReport;
import org.openucc.recovery.StatsRecovery;
import org.openucc.routing.AgentView;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.openucc.store.JdbcSessionPersistence;
import org.openucc.store.StoreServices;

/**
 * Recovery at start-up, after the channels (which rebuilt their side from the store) and before HTTP
 * (which serves only once it is done): the ACD's waiting work and the agents' states come back from the
 * log ({@link RecoveryPlan}), the channels learn which of their chats and callbacks are live again, the
 * live statistics are rebuilt from the log ({@link StatsRecovery}; they held live events until then), and
 * console sessions come back from the store.
 * {@code /health} shows what it restored and ended.
 */
public final class RecoveryComponent implements Lifecycle {
    private final ContactCenterConfig config;
    private final Supplier<StoreServices> store;
    private final RoutingPort routing;
    private final CtiComponent cti;
    private final WebChannelsComponent channels;
    private final SessionStore sessions;
    private final ThreadPools pools;
    private final InstantSource clock;
    /** Built before any component starts: what arrived before this is the old process's work. */
    private final java.time.Instant processStart;
    private volatile RecoveryReport report;
    private volatile int sessionsRestored;
    private volatile int statsEvents;
    private ExecutorService sessionWrites;
    /** The telephony that may still carry calls after a restart (Asterisk); null: none. */
    private volatile java.util.function.Supplier<org.openucc.recovery.CallKeeper> keeper = () -> null;

    public RecoveryComponent(ContactCenterConfig config, Supplier<StoreServices> store, RoutingPort routing,
                             CtiComponent cti, WebChannelsComponent channels, SessionStore sessions, ThreadPools pools,
                             InstantSource clock) {
        this.config = config;
        this.store = store;
        this.routing = routing;
        this.cti = cti;
        this.channels = channels;
        this.sessions = sessions;
        this.pools = pools;
        this.clock = clock;
        this.processStart = clock.instant();
    }

    @Override
    public String name() {
        return "recovery";
    }

    /** Whether this node rebuilds the ACD's work at start (a cluster node does only if it took the engine). */
    private volatile java.util.function.BooleanSupplier recoverEngine = () -> true;

    /**
     * In a cluster (set before start): the ACD's waiting work and agents come back only on the node that took the
     * engine at start; the others' engine is the running owner's, which already has them.
     */
    public void recoverEngineOnlyIf(java.util.function.BooleanSupplier ownsEngine) {
        this.recoverEngine = ownsEngine;
    }

    /** Who takes up calls a PBX kept while this server was down (set before start). */
    public void keepCallsWith(java.util.function.Supplier<org.openucc.recovery.CallKeeper> keeper) {
        this.keeper = keeper;
    }

    @Override
    public void start() throws Exception {
        StoreServices s = store.get();
        InteractionLog log = s.interactionLog();
        List<String> agents = new ArrayList<>();
        for (AgentView a : routing.send(new RoutingCommand.ListAgents()).toCompletableFuture().get(30, TimeUnit.SECONDS)) {
            agents.add(a.id());
        }
        RecoveryReport done;
        if (recoverEngine.getAsBoolean()) {
            RecoveryPlan plan = new RecoveryReader(log).read(agents, processStart);
            done = new Recovery(routing, log, keeper.get()).apply(plan);
            if (channels.chat() != null) {
                channels.chat().recovered(done.restored(Channel.CHAT));
            }
            if (channels.callbacks() != null) {
                channels.callbacks().recovered(done.restored(Channel.CALLBACK));
            }
        } else {
            done = new RecoveryReport(Map.of(), List.of(), List.of(), 0, 0, 0, 0);
        }
        // The live figures from the log as it is now: with what the recovery closed and the engine took back.
        statsEvents = StatsRecovery.rebuild(cti.stats(), log, config.reports().timeZone(), clock.instant(), agents)
                .get(60, TimeUnit.SECONDS);

        sessionWrites = pools.fixed("session-writes", 1);
        sessionsRestored = sessions.persistTo(new JdbcSessionPersistence(s.database()), sessionWrites,
                this::stillValid);
        report = done;
    }

    /** A stored session counts only while its user exists with the same role and agent. */
    private boolean stillValid(Caller caller) {
        for (UserConfig u : config.users()) {
            if (u.username().equals(caller.username())) {
                return u.role() == caller.role() && Objects.equals(u.agentId(), caller.agentId());
            }
        }
        return false;
    }

    @Override
    public void stop() {
        if (sessionWrites != null) {
            ThreadPools.shutDown(sessionWrites);
        }
    }

    @Override
    public ComponentHealth health() {
        RecoveryReport r = report;
        if (r == null) {
            return ComponentHealth.down("recovering");
        }
        Map<String, Object> d = new LinkedHashMap<>(r.figures());
        d.put("sessionsRestored", sessionsRestored);
        d.put("statsEventsReplayed", statsEvents);
        return ComponentHealth.up(d);
    }

    /** What the recovery did at start (null before it ran). */
    public RecoveryReport report() {
        return report;
    }
}
