package org.openucc.cti;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.openucc.ComponentHealth;
import org.openucc.board.Bulletin;
import org.openucc.Lifecycle;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.DispositionCode;
import org.openucc.config.QueueConfig;
import org.openucc.config.ReasonCode;
import org.openucc.crm.CaseStore;
import org.openucc.crm.CustomerLookup;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.NoteStore;
import org.openucc.crm.TaskStore;
import org.openucc.log.AuditTrail;
import org.openucc.log.InteractionLog;
import org.openucc.reports.ReportSettings;
import org.openucc.routing.RoutingPort;
import org.openucc.stats.LiveStats;

/**
 * The CTI bridge as a server component: the agent stream with its screen pops, the agent desk the
 * consoles and the API command through, and the supervisors' live statistics. Started after the store
 * and the ACD (it listens to the ACD and reads the store) and before HTTP; stopped in reverse.
 * Screen pops, wrap-ups and other blocking work run on its own worker threads ({@code cti-worker}).
 */
public final class CtiComponent implements Lifecycle {
    /** Threads for screen pops and wrap-ups: the work is a few database reads and writes each. */
    private static final int WORKERS = 4;

    private final ContactCenterConfig config;
    private final RoutingPort routing;
    private final Supplier<Stores> store;
    private final CallCommands calls;
    private final InstantSource clock;
    private volatile Running running;
    private final java.util.List<AgentChannelCommands> channelCommands = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<SupervisorChannelCommands> supervisorCommands =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<BulletinSubscriber> supervisors = ConcurrentHashMap.newKeySet();

    /** The store's ports the bridge reads (screen pops) and writes (notes, the log); opened before it starts. */
    public record Stores(CustomerStore customers, CaseStore cases, TaskStore tasks, NoteStore notes,
                         InteractionLog interactionLog) {
    }

    /** What exists while the component runs. */
    private record Running(ExecutorService workers, LiveStats stats, AgentStreams agents, AgentDesk desk,
                           AuditTrail audit) {
    }

    public CtiComponent(ContactCenterConfig config, RoutingPort routing, Supplier<Stores> store,
                        CallCommands calls, InstantSource clock) {
        this.config = config;
        this.routing = routing;
        this.store = store;
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "cti";
    }

    @Override
    public void start() {
        Stores s = store.get();
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "cti-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        int history = config.store().historyLength();
        ScreenPopAssembler assembler = new ScreenPopAssembler(
                new CustomerLookup(s.customers(), s.cases(), s.tasks(), s.interactionLog(), history + 1), history);
        AgentStreams agents = new AgentStreams(routing, new ScreenPops(assembler, routing, workers),
                config.reasonCodes(), config.dispositions());
        LiveStats stats = new LiveStats(config.queues(), config.agents(), clock, ReportSettings.of(config),
                config.api().statsInterval());
        stats.holdUntilReplay(); // the recovery rebuilds them from the log, then they go live
        AuditTrail audit = new AuditTrail(s.interactionLog());
        AgentDesk desk = new AgentDesk(routing, s.interactionLog(), s.notes(), s.tasks(), audit, calls, workers,
                config.reasonCodes().stream().map(ReasonCode::code).toList(),
                config.dispositions().stream().map(DispositionCode::code).toList(),
                config.queues().stream().map(QueueConfig::id).toList());
        routing.addListener(agents);
        routing.addListener(stats);
        running = new Running(workers, stats, agents, desk, audit);
    }

    @Override
    public void stop() throws InterruptedException {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        routing.removeListener(r.agents());
        routing.removeListener(r.stats());
        r.stats().close();
        org.openucc.concurrent.ThreadPools.shutDown(r.workers());
    }

    @Override
    public ComponentHealth health() {
        Running r = running;
        if (r == null) {
            return ComponentHealth.down("not started");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("screenPopsHeld", r.agents().heldScreenPops());
        return ComponentHealth.up(d);
    }

    /** The telephonies' call commands; the API's monitoring (listen, whisper, barge) goes here directly. */
    public CallCommands calls() {
        return calls;
    }

    public AgentDesk desk() {
        return running().desk();
    }

    public AgentStreams agentStreams() {
        return running().agents();
    }

    /** Sends a bulletin to every connected agent console and supervisor view. */
    public CompletableFuture<Void> announce(Bulletin bulletin) {
        supervisors.forEach(s -> s.bulletin(bulletin));
        return running().agents().announce(bulletin);
    }

    /** A supervisor view connected: it is told of bulletins from now on. */
    public void supervisorConnected(BulletinSubscriber c) {
        supervisors.add(c);
    }

    public void supervisorDisconnected(BulletinSubscriber c) {
        supervisors.remove(c);
    }

    public LiveStats stats() {
        return running().stats();
    }

    /** Adds agent-stream message types of a channel adapter (before or after start). */
    public void addChannelCommands(AgentChannelCommands commands) {
        channelCommands.add(commands);
    }

    /** The channel adapters' agent-stream message types. */
    public java.util.List<AgentChannelCommands> channelCommands() {
        return java.util.List.copyOf(channelCommands);
    }

    /** Adds supervisor-stream message types of a channel adapter (before or after start). */
    public void addSupervisorCommands(SupervisorChannelCommands commands) {
        supervisorCommands.add(commands);
    }

    /** The channel adapters' supervisor-stream message types. */
    public java.util.List<SupervisorChannelCommands> supervisorCommands() {
        return java.util.List.copyOf(supervisorCommands);
    }

    public AuditTrail audit() {
        return running().audit();
    }

    private Running running() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("the CTI bridge is not running");
        }
        return r;
    }
}
