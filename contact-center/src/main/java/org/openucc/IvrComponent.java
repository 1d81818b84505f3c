package org.openucc;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.IvrConfig;
import org.openucc.ivr.IvrService;
import org.openucc.ivr.adapter.JdkHttpFetcher;
import org.openucc.ivr.adapter.LogIvrJournal;
import org.openucc.ivr.adapter.RoutingIvrRouting;
import org.openucc.ivr.adapter.ScheduledIvrTimers;
import org.openucc.ivr.adapter.StoreCustomerDirectory;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.runtime.CustomerDirectory;
import org.openucc.ivr.runtime.IvrPorts;
import org.openucc.ivr.runtime.RuntimeSettings;
import org.openucc.routing.RoutingPort;
import org.openucc.store.StoreServices;

/**
 * The IVR as a server component: wires the runtime's ports to the CRM store, the ACD, the interaction
 * log and the JDK HTTP client, and loads the flows at start (a broken flow stops the start, with
 * every problem and its line). Started after the store and the ACD, stopped before them.
 */
public final class IvrComponent implements Lifecycle {
    /** Nodes a call may pass without waiting for the caller before it is failed (the validator refuses such loops). */
    static final int MAX_STEPS_WITHOUT_INPUT = 200;
    /** How long stopping lets the sessions' and the lookups' queued work finish. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final ContactCenterConfig config;
    private final StoreComponent store;
    private final RoutingPort routing;
    private final InstantSource clock;
    private final ThreadPools pools;
    private volatile IvrService service;
    private ExecutorService sessions;
    private ExecutorService blocking;
    private ScheduledIvrTimers timers;
    private volatile RoutingIvrRouting ivrRouting;
    private volatile StoreCustomerDirectory customers;

    /** @param pools where its named pools come from: {@code ivr} (sessions), {@code ivr-crm}, {@code ivr-timers} */
    public IvrComponent(ContactCenterConfig config, StoreComponent store, RoutingPort routing, InstantSource clock,
                        ThreadPools pools) {
        this.config = config;
        this.store = store;
        this.routing = routing;
        this.clock = clock;
        this.pools = pools;
    }

    @Override
    public String name() {
        return "ivr";
    }

    /** The running IVR (after start): what a voice flow calls. */
    public IvrService service() {
        IvrService s = service;
        if (s == null) {
            throw new IllegalStateException("the IVR is not started");
        }
        return s;
    }

    /** The CRM lookups of callers (after start), off the caller's thread. */
    public CustomerDirectory customers() {
        CustomerDirectory c = customers;
        if (c == null) {
            throw new IllegalStateException("the IVR is not started");
        }
        return c;
    }

    @Override
    public void start() throws Exception {
        IvrConfig ivr = config.ivr();
        StoreServices st = store.services();
        sessions = pools.fixed("ivr", Math.max(2, Runtime.getRuntime().availableProcessors()));
        blocking = pools.fixed("ivr-crm", Math.max(2, config.store().maxPoolSize() / 2));
        timers = new ScheduledIvrTimers(pools.scheduled("ivr-timers"));
        ivrRouting = new RoutingIvrRouting(routing);
        routing.addListener(ivrRouting);
        customers = new StoreCustomerDirectory(st.customers(), st.cases(), blocking, ivr.timeZone());
        IvrPorts ports = new IvrPorts(
                customers,
                ivrRouting,
                new LogIvrJournal(st.interactionLog(), clock),
                new JdkHttpFetcher(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()),
                timers, clock, sessions);
        Path prompts = promptsDir(config);
        RuntimeSettings settings = new RuntimeSettings(prompts, ivr.timeZone(),
                RuntimeSettings.byId(config.businessHours()), MAX_STEPS_WITHOUT_INPUT);
        IvrService s = new IvrService(ivr, FlowEnvironment.of(config).withPromptsDir(prompts), ports, settings);
        try {
            s.start();
        } catch (Exception e) {
            release();
            throw e;
        }
        service = s;
    }

    /**
     * The IVR's prompts: ivr.promptsDir, or by default ivr-scripts/prompts; when that default is not
     * there (the server runs from another directory, without flows), the prompts beside sip.promptDir
     * ({@code <prompts>/<language>}), so that the built-in direct flow still greets and announces.
     */
    static Path promptsDir(ContactCenterConfig config) {
        Path prompts = Path.of(config.ivr().promptsPath());
        if (config.ivr().promptsDir() == null && !Files.isDirectory(prompts)) {
            Path besideSip = Path.of(config.sip().promptDir()).toAbsolutePath().getParent();
            if (besideSip != null && Files.isDirectory(besideSip)) {
                return besideSip;
            }
        }
        return prompts;
    }

    @Override
    public void stop() {
        IvrService s = service;
        service = null;
        if (s != null) {
            s.stop();
        }
        release();
    }

    private void release() {
        if (ivrRouting != null) {
            routing.removeListener(ivrRouting);
        }
        if (timers != null) {
            timers.close();
        }
        ThreadPools.shutDown(sessions, STOP_GRACE);
        ThreadPools.shutDown(blocking, STOP_GRACE);
    }

    @Override
    public ComponentHealth health() {
        IvrService s = service;
        return s == null ? ComponentHealth.down("not started") : ComponentHealth.up(s.describe());
    }
}
