package org.openucc;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.time.InstantSource;
import org.openucc.concurrent.ThreadPools;
import org.openucc.limits.Rejections;
import org.openucc.config.ConfigValidator;
import org.openucc.config.ContactCenterConfig;
import org.openucc.cti.CallCommands;
import org.openucc.config.loader.ConfigException;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.config.loader.LaunchOptions;
import org.openucc.api.ApiContext;
import org.openucc.api.RestApi;
import org.openucc.auth.Authenticator;
import org.openucc.auth.HashPasswordCommand;
import org.openucc.auth.LoginThrottle;
import org.openucc.auth.PasswordHasher;
import org.openucc.auth.SessionStore;
import org.openucc.channels.WebChannelsComponent;
import org.openucc.http.chat.ChatRoutes;
import org.openucc.console.ConsolePages;
import org.openucc.cti.CtiComponent;
import org.openucc.http.cti.CtiRoutes;
import org.openucc.http.WebSocketLimiter;
import org.openucc.http.HttpApi;
import org.openucc.http.metrics.MetricsRoutes;
import org.openucc.metrics.ServerMetrics;
import org.openucc.ivr.IvrValidateCommand;
import org.openucc.ivr.load.IvrFlowException;
import org.openucc.routing.RoutingPort;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component of the server with its constructor, in dependency
 * order, starts them in that order and stops them in reverse. Nothing else creates components and
 * there are no static singletons: tests build a {@code ContactCenter} from a config record.
 *
 * <p>To add a component: construct it in the constructor, after what it uses, and pass it to
 * {@link #add}. If it serves HTTP, also give its {@code HttpRoutes} to the {@link HttpApi}.
 */
public final class ContactCenter {
    /** Exit status when the configuration (or command line) is unusable. */
    public static final int EXIT_CONFIG = 2;
    /** Exit status when a component fails to start. */
    public static final int EXIT_STARTUP = 1;
    /** How long stopping may take in total before the remaining components are abandoned. */
    public static final Duration STOP_BUDGET = Duration.ofSeconds(20);

    // Not static: main() must choose the Logback configuration before the first logger exists.
    private final Logger log = LoggerFactory.getLogger(ContactCenter.class);
    private final ContactCenterConfig config;
    private final ServerComponents components = new ServerComponents();
    private final HttpApi http;
    /** The ACD on this node (null in a cluster, where {@link #cluster} holds it). */
    private final RoutingComponent routing;
    /** This node's part in a cluster (null on a single node). */
    private final org.openucc.cluster.ClusterComponent cluster;
    /** How every component reaches the ACD: this node's engine, or the cluster's owner. */
    private final RoutingPort port;
    private final StoreComponent store;
    private final SipComponent sip;
    private final AsteriskComponent asterisk;
    private final CtiComponent cti;
    private final Authenticator auth;
    private final IvrComponent ivr;
    private final WebChannelsComponent channels;
    private final RecoveryComponent recovery;
    private final OutboundComponent outbound;
    private final RecordingsComponent recordings;
    private final ServerMetrics metrics;
    /** Every named worker pool the components ask for; after a stop, none should be left running. */
    private final ThreadPools pools = new ThreadPools();
    /** What every public door refused, by door and limit; handed to each door, exposed as metrics. */
    private final Rejections rejections = new Rejections();

    public ContactCenter(ContactCenterConfig config) {
        this(config, System::getenv);
    }

    /** @param env where secrets named in the configuration (e.g. the AMI secret's variable) are read */
    public ContactCenter(ContactCenterConfig config, java.util.function.Function<String, String> env) {
        this.config = config;
        // 1. The runtime every network adapter shares; added first so it is closed last. In a cluster
        //    (cluster.enabled) it is a clustered Vert.x: this node joins the others before anything starts.
        org.openucc.cluster.ClusterRuntime clusterRuntime = config.cluster().enabled()
                ? org.openucc.cluster.ClusterRuntime.join(config.cluster(), env) : null;
        Vertx vertx = clusterRuntime != null ? clusterRuntime.vertx() : Vertx.vertx();
        try {
            add(new VertxRuntime(vertx));

            // 2. The store first: the ACD's events are logged from the first one on.
            this.store = add(new StoreComponent(config, InstantSource.system(), rejections));

            // 3. Domain services: plain Java, no I/O. One node: the engine runs here. A cluster: one node at a
            //    time owns the engine and the others reach it through the routing port.
            RoutingPort port;
            if (clusterRuntime != null) {
                this.routing = null;
                this.cluster = add(new org.openucc.cluster.ClusterComponent(config, clusterRuntime, store::services, store,
                        InstantSource.system(), RoutingStrategies.discover(), pools));
                port = cluster.port();
            } else {
                this.cluster = null;
                this.routing = add(new RoutingComponent(config, InstantSource.system(), RoutingStrategies.discover()));
                routing.service().setJournal(store); // events are durable in the log before anyone hears of them
                port = routing.service();
            }
            this.port = port;

            //    Metrics read the ACD's events and views, the log's commits, the doors' rejections, SIP's figures.
            this.metrics = add(new ServerMetrics(config.metrics(), port, store::services, rejections,
                    this::sipFigures, System::getenv));

            // 4. The IVR: its flows are checked at start; it uses the store, the ACD and the log.
            this.ivr = add(new IvrComponent(config, store, port, InstantSource.system(), pools));

            // 5. Adapters at the edge (SIP/Asterisk, chat, email, CTI), after the services they feed.
            //    Calls go through their service number's IVR flow or straight to its queue.
            this.sip = add(new SipComponent(config, port, store, ivr, pools, rejections, env));
            //    Calls on Asterisk (asterisk.enabled): FastAGI + AMI, the same IVR flows and ACD.
            this.asterisk = add(new AsteriskComponent(config, port, store, ivr, pools, rejections, env));
            sip.agentsCarriedElsewhere(asterisk::carriesAgent);
            if (cluster != null) {
                cluster.carriesCallsWith(id -> sip.owns(id) || asterisk.owns(id));
                sip.shareRegistrations(cluster.sipBindings()); // a phone registered on any node rings from every node
            }
            CallCommands calls = new RoutedCallCommands(List.of(
                    new RoutedCallCommands.Route(sip::owns, sip.callCommands()),
                    new RoutedCallCommands.Route(asterisk::owns, asterisk.callCommands())));
            if (cluster != null) {
                // A console on any node controls a call whose legs another node carries: that node runs the command.
                // (Its event-bus consumer goes with the clustered Vert.x when the node stops.)
                org.openucc.cluster.ClusterCallCommands clustered = new org.openucc.cluster.ClusterCallCommands(
                        clusterRuntime, config.cluster().commandTimeout(), calls, id -> sip.owns(id) || asterisk.owns(id));
                clustered.serve();
                calls = clustered;
            }

            //    The CTI bridge: agent streams with screen pops, the agent desk, live statistics.
            //    Hold, resume, transfer and hang-up act on the built-in SIP stack's calls.
            this.cti = add(new CtiComponent(config, port, () -> ctiStores(store.services()),
                    calls, InstantSource.system()));

            //    The web channels (chat widget, mailbox, callbacks): feed the ACD, talk to agents through the CTI bridge.
            //    Callbacks, dial-outs and previews dial on the telephony carrying the agent's phone.
            AsteriskOrBuiltInDialers dialers = new AsteriskOrBuiltInDialers(sip::dialer, asterisk);
            this.channels = add(new WebChannelsComponent(config, port, store::services, cti,
                    dialers, InstantSource.system(), rejections));
            if (cluster != null) {
                // Each chat is carried by the node its visitor is on; consoles on any node reach it there.
                channels.clusterChats(new org.openucc.cluster.ClusterChatNodes(clusterRuntime,
                        config.cluster().commandTimeout()), cluster::ownsEngineAtStart);
            }

            // Who may use the API and the consoles: the configured users; sessions kept in the store (recovery).
            SessionStore sessions = new SessionStore(InstantSource.system());
            if (cluster != null) {
                cluster.shareSessions(sessions);
            }
            this.auth = new Authenticator(config.users(), new PasswordHasher(), sessions,
                    new LoginThrottle(InstantSource.system(), config.api().maxFailedLogins(),
                            config.api().maxFailedLoginsPerAddress(), config.api().loginLockout(),
                            config.api().maxLoginLockout(), rejections), config.api());
            ApiContext api = new ApiContext(config, auth, port, store::services, cti, InstantSource.system(),
                    channels, rejections);

            //    Recovery: the ACD's waiting work, agents' states, live statistics and sessions come back
            //    from the log and the store, after the channels rebuilt their side and before HTTP serves.
            this.recovery = add(new RecoveryComponent(config, store::services, port, cti, channels,
                    sessions, pools, InstantSource.system()));
            if (cluster != null) {
                recovery.recoverEngineOnlyIf(cluster::ownsEngineAtStart);
            }
            recovery.keepCallsWith(asterisk::keeper);

            //    Outbound campaigns dial once the ACD has its waiting work and agents back (their records a
            //    crash left mid-dial go back to their lists first).
            this.outbound = add(new OutboundComponent(config, port, store, sip, asterisk, dialers, cti, pools,
                    InstantSource.system()));
            if (cluster != null) {
                // The mailbox watcher, the callbacks and the campaign dialer run once, on the engine's owner.
                channels.runOnceIn(cluster.singletons());
                outbound.runOnceIn(cluster.singletons());
                store.runReportsOnceIn(cluster.singletons()); // the report sums too; reports answer on every node
            }

            //    Recordings past recordings.retention are deleted daily (and logged).
            this.recordings = add(new RecordingsComponent(config, store::services, pools, InstantSource.system()));

            // 6. HTTP last: it serves only once everything behind it runs, and stops first.
            //    Every WebSocket (consoles, chat visitors) shares one set of message limits.
            WebSocketLimiter sockets = new WebSocketLimiter(config.server().webSocket(), rejections, System::nanoTime);
            this.http = add(new HttpApi(vertx, config.server(), this::health,
                    List.of(new RestApi(api, cluster == null ? null : cluster::view), new CtiRoutes(auth, cti, sockets), new ConsolePages(auth),
                            new ChatRoutes(channels::chat, sockets, rejections), new MetricsRoutes(metrics, auth)),
                    rejections));
        } catch (RuntimeException e) {
            vertx.close(); // nothing was started, but Vert.x already owns threads
            throw e;
        }
    }

    /** Registers a component; it starts after every component registered before it. */
    private <T extends Lifecycle> T add(T component) {
        return components.add(component);
    }

    /**
     * Starts every component in order. If one fails, those already started are stopped again.
     *
     * @throws StartupException naming the component that failed
     */
    public void start() {
        long begin = System.nanoTime();
        components.start(STOP_BUDGET);
        log.info("{} {} started in {} ms: {} queues, {} agents, HTTP API on http://{}:{}", Version.NAME,
                Version.current(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), config.queues().size(),
                config.agents().size(), config.server().host(), http.port());
    }

    /** Stops within {@link #STOP_BUDGET}; safe to call more than once and from a shutdown hook. */
    public void stop() {
        long begin = System.nanoTime();
        if (components.stop(STOP_BUDGET)) {
            log.info("{} stopped in {} ms", Version.NAME, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            List<String> left = pools.running();
            if (!left.isEmpty()) {
                log.warn("Thread pools still running after stop: {}", left);
            }
        }
    }

    /** Health of every component by name, in start order; components not running are DOWN. Never blocks. */
    public Map<String, ComponentHealth> health() {
        return components.health();
    }

    public ContactCenterConfig config() {
        return config;
    }

    /** The CRM store, interaction log and their services (after start). */
    public org.openucc.store.StoreServices store() {
        return store.services();
    }

    /** What the public doors refused so far, by door and limit. */
    public Rejections rejections() {
        return rejections;
    }

    /** The Prometheus metrics served at {@code /metrics}. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The built-in SIP telephony (its bound port after start). */
    public SipComponent sip() {
        return sip;
    }

    /** The Asterisk adapter (does nothing unless asterisk.enabled). */
    public AsteriskComponent asterisk() {
        return asterisk;
    }

    /** The ACD engine's owner on a single node: submit commands, listen to routing events (null in a cluster). */
    public RoutingService routing() {
        return routing == null ? null : routing.service();
    }

    /** How this node reaches the ACD: its own engine, or the cluster's engine owner. */
    public RoutingPort routingPort() {
        return port;
    }

    /** This node's part in a cluster (null on a single node). */
    public org.openucc.cluster.ClusterComponent cluster() {
        return cluster;
    }

    /** The CTI bridge: agent desk, agent streams, live statistics (after start). */
    public CtiComponent cti() {
        return cti;
    }

    /** Logins and sessions of the API and the consoles. */
    public Authenticator auth() {
        return auth;
    }

    /** The IVR (after start): runs flows on calls; its flows are reloaded when their files change. */
    public org.openucc.ivr.IvrService ivr() {
        return ivr.service();
    }

    /** The web channels: chat, email, callbacks and their transcripts (after start). */
    public WebChannelsComponent channels() {
        return channels;
    }

    /** Outbound campaigns: the dialer and its live figures (after start). */
    public OutboundComponent outbound() {
        return outbound;
    }

    /** The daily recording purge (its {@link RecordingsComponent#purge()} after start, with a retention set). */
    public RecordingsComponent recordings() {
        return recordings;
    }

    /** The start-up recovery: what it restored and ended. */
    public RecoveryComponent recovery() {
        return recovery;
    }

    /** The HTTP API: its bound {@link HttpApi#port()} and {@link HttpApi#router()}. */
    public HttpApi http() {
        return http;
    }

    /** Exit status 2 with the problems on stderr for a bad config; 1 if a component cannot start. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(HashPasswordCommand.NAME)) {
            int status = HashPasswordCommand.run(Arrays.asList(args).subList(1, args.length), System.console(),
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                            java.nio.charset.StandardCharsets.UTF_8)), System.out, System.err);
            System.exit(status);
            return;
        }
        if (args.length > 0 && args[0].equals(IvrValidateCommand.NAME)) {
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            Path config = LaunchOptions.DEFAULT_CONFIG_FILE;
            useLoggingConfigNextTo(config);
            System.exit(IvrValidateCommand.run(rest, System.getenv(), System.out, System.err));
            return;
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(Arrays.asList(args), System.getenv());
        } catch (ConfigException e) {
            exit(EXIT_CONFIG, e.getMessage() + System.lineSeparator() + LaunchOptions.USAGE);
            return;
        }
        if (options.help()) {
            System.out.print(LaunchOptions.USAGE);
            return;
        }
        useLoggingConfigNextTo(options.configFile());
        ContactCenterConfig config;
        try {
            config = new ConfigLoader(new ConfigValidator(RoutingStrategies.discover().names())).load(options);
        } catch (ConfigException e) {
            exit(EXIT_CONFIG, e.getMessage());
            return;
        }
        try {
            IvrValidateCommand.checkBeforeStart(config);
        } catch (IvrFlowException e) {
            exit(EXIT_CONFIG, e.getMessage());
            return;
        }
        ContactCenter contactCenter = new ContactCenter(config);
        // Registered before start so Ctrl-C during start-up still stops what did start.
        Runtime.getRuntime().addShutdownHook(new Thread(contactCenter::stop, "openucc-shutdown"));
        try {
            contactCenter.start();
        } catch (StartupException e) {
            if (ServerComponents.STOPPED_WHILE_STARTING.equals(e.getMessage())) {
                return; // SIGTERM or Ctrl-C during start-up: the shutdown hook stops what started, and the JVM exits
            }
            // The cause is logged in full at debug; the operator needs the one-line reason.
            LoggerFactory.getLogger(ContactCenter.class).debug("Start-up failure", e);
            exit(EXIT_STARTUP, Version.NAME + " cannot start: " + e.getMessage());
        }
        // Vert.x's event-loop threads keep the JVM running until the shutdown hook stops them.
    }

    /**
     * Points Logback at {@code logback.xml} beside the config file (config/logback.xml by default),
     * unless {@code -Dlogback.configurationFile} was given or there is no such file.
     */
    private static void useLoggingConfigNextTo(Path configFile) {
        Path logback = configFile.toAbsolutePath().resolveSibling("logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(logback)) {
            System.setProperty("logback.configurationFile", logback.toString());
        }
    }

    private static void exit(int status, String message) {
        System.err.println(message);
        System.exit(status);
    }

    /** The built-in telephony's figures as {@code /health} shows them (SIP is built after the metrics). */
    private Map<String, Object> sipFigures() {
        return sip.health().toMap();
    }

    /** The CTI bridge gets the store's ports, not the store: it must not know how they are kept. */
    private static CtiComponent.Stores ctiStores(org.openucc.store.StoreServices s) {
        return new CtiComponent.Stores(s.customers(), s.cases(), s.tasks(), s.notes(), s.interactionLog());
    }
}
