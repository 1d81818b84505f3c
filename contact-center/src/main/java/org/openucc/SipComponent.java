package org.openucc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServiceNumber;
import org.openucc.limits.Rejections;
import org.openucc.cti.CallCommands;
import org.openucc.routing.RoutingPort;
import org.openucc.telephony.media.PromptFiles;
import org.openucc.telephony.media.RecordingFiles;
import org.openucc.telephony.sip.SipCredentials;
import org.openucc.telephony.sip.SipTelephony;
import org.openucc.voice.LogVoiceJournal;
import org.openucc.voice.QueueFlowSettings;
import org.openucc.voice.VoiceCallCommands;
import org.openucc.voice.VoicePorts;
import org.openucc.voice.VoiceQueueFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in telephony as a server component: the SIP registrar / B2BUA with RTP media, and the
 * voice flow that takes every call through its service number's IVR flow or, through the built-in
 * direct flow, straight into its queue,
 * rings agents' phones and bridges. Recordings are indexed in the log; the agent console's call
 * commands ({@link #callCommands()}) act on its calls. Started after the store, the ACD and the IVR.
 */
public final class SipComponent implements Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(SipComponent.class);

    private final ContactCenterConfig config;
    private final RoutingPort routing;
    private final StoreComponent store;
    private final IvrComponent ivr;
    private final ThreadPools pools;
    private final Rejections rejections;
    private final java.util.function.Function<String, String> env;
    private final CallCommands commands = new LateCallCommands(() -> this.started,
            "the built-in telephony is not running");
    private volatile SipTelephony telephony;
    private volatile VoiceQueueFlow flow;
    private volatile CallCommands started;
    /** Agents whose calls another telephony carries (Asterisk): their registration here does not count. */
    private volatile java.util.function.Predicate<String> foreignAgents = agent -> false;

    /** @param pools where the SIP stack's and the media's named pools come from */
    public SipComponent(ContactCenterConfig config, RoutingPort routing, StoreComponent store, IvrComponent ivr,
                        ThreadPools pools) {
        this(config, routing, store, ivr, pools, new Rejections());
    }

    /** @param rejections where the SIP door's refusals by a limit are counted (door {@code sip}) */
    public SipComponent(ContactCenterConfig config, RoutingPort routing, StoreComponent store, IvrComponent ivr,
                        ThreadPools pools, Rejections rejections) {
        this(config, routing, store, ivr, pools, rejections, System::getenv);
    }

    /** @param env where the SIP trunks' secrets ({@code sip.trunks[].register.secretEnv}) are read */
    public SipComponent(ContactCenterConfig config, RoutingPort routing, StoreComponent store, IvrComponent ivr,
                        ThreadPools pools, Rejections rejections, java.util.function.Function<String, String> env) {
        this.rejections = rejections;
        this.env = env;
        this.config = config;
        this.routing = routing;
        this.store = store;
        this.ivr = ivr;
        this.pools = pools;
    }

    @Override
    public String name() {
        return "sip";
    }

    /** The cluster's registrations, shared with the other nodes (null on a single node). */
    private volatile org.openucc.telephony.sip.SipBindings sharedBindings;

    /**
     * In a cluster (set before start): the registrar shares its phones' bindings with the other nodes, so a call on
     * any node can ring a phone registered through any other.
     */
    public void shareRegistrations(org.openucc.telephony.sip.SipBindings bindings) {
        this.sharedBindings = bindings;
    }

    /** Agents whose phones another telephony speaks for (set before start). */
    public void agentsCarriedElsewhere(java.util.function.Predicate<String> agents) {
        this.foreignAgents = agents;
    }

    /** Whether the interaction's call is carried by the built-in stack. */
    public boolean owns(String interactionId) {
        VoiceQueueFlow f = flow;
        return f != null && f.has(interactionId);
    }

    @Override
    public void start() throws Exception {
        QueueFlowSettings settings = QueueFlowSettings.from(config.sip(), config.server().dataDir());
        if (!Files.isRegularFile(settings.holdMusic())) {
            throw new IllegalStateException("prompt file " + settings.holdMusic().toAbsolutePath() + " is missing"
                    + " (sip.holdMusic; run the server from the repository root or set sip.promptDir)");
        }
        boolean direct = ivr.service().hasFlow(ServiceNumber.DIRECT_FLOW);
        for (ServiceNumber n : config.sip().services()) {
            if (n.flow() != null && !ivr.service().hasFlow(n.flow())) {
                log.warn("Service number {} runs IVR flow '{}', which the IVR does not have (is {} there?); its calls {}",
                        n.number(), n.flow(), config.ivr().flowsPath(), n.queue() == null || !direct ? "are refused"
                                : "go straight to queue " + n.queue());
            } else if (n.flow() == null && !direct) {
                log.warn("Service number {} goes to queue {} through the built-in IVR flow '{}', which the IVR does not"
                        + " have (is {} there?); its calls are refused", n.number(), n.queue(), ServiceNumber.DIRECT_FLOW,
                        config.ivr().flowsPath());
            }
        }
        String dataDir = config.server().dataDir();
        PromptFiles prompts = new PromptFiles(IvrComponent.promptsDir(config), config.ivr().defaultLanguage());
        RecordingFiles recordings = new RecordingFiles(Path.of(config.sip().recordingsDir(dataDir)),
                Path.of(config.ivr().voicemailDir(dataDir)));
        // A queue's own maxWaiting caps its waiting calls at the door too (sip.limits.maxWaitingPerQueue otherwise).
        Map<String, Integer> queueMaxWaiting = new java.util.HashMap<>();
        config.queues().stream().filter(q -> q.maxWaiting() > 0).forEach(q -> queueMaxWaiting.put(q.id(), q.maxWaiting()));
        telephony = new SipTelephony(config.sip(), SipCredentials.of(config.sip().accounts()), prompts, recordings,
                pools, rejections, queueMaxWaiting, config.store().phoneRegion(), env);
        if (sharedBindings != null) {
            telephony.shareRegistrations(sharedBindings);
        }
        VoicePorts ports = new VoicePorts(ivr.customers(), (call, flowName, ivrCall) ->
                ivr.service().run(call, flowName, ivrCall),
                new LogVoiceJournal(store.services().interactionLog(), InstantSource.system()));
        // Agents count as having no phone until theirs registers here: they are READY for chats and
        // emails at once, and get calls from the registration on.
        boolean needPhones = telephony.knowsRegistrations() && config.sip().requireRegisteredPhone();
        routing.send(new org.openucc.routing.RoutingCommand.RequirePhoneRegistration(needPhones)).toCompletableFuture()
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        flow = new VoiceQueueFlow(telephony, routing, ports, settings, pools);
        flow.reachabilityOnlyOf(agent -> !foreignAgents.test(agent));
        flow.indexRecordingsIn(store.services().interactionLog());
        flow.startWith(telephony::start);
        started = new VoiceCallCommands(flow);
    }

    @Override
    public void stop() {
        started = null;
        if (telephony != null) {
            telephony.stop();
        }
        if (flow != null) {
            flow.stop();
        }
    }

    /** The SIP port actually bound (tests start on port 0). */
    public int port() {
        return telephony.port();
    }

    public SipTelephony telephony() {
        return telephony;
    }

    /** Agent-first dialling over the voice flow (web callbacks); null until started. */
    public org.openucc.voice.VoiceDialer dialer() {
        return flow;
    }

    /** The voice flow (campaign calls a person answered join it); null until started. */
    public VoiceQueueFlow voiceFlow() {
        return flow;
    }

    /**
     * Hold, resume, transfer and hang up for the CTI bridge, which is built before this starts: the
     * commands act on the voice flow's calls while it runs, and fail with 409 otherwise.
     */
    public CallCommands callCommands() {
        return commands;
    }

    @Override
    public ComponentHealth health() {
        SipTelephony t = telephony;
        VoiceQueueFlow f = flow;
        if (t == null || f == null) {
            return ComponentHealth.down("not started");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", t.host());
        d.put("port", t.port());
        d.putAll(t.stats());
        d.putAll(f.stats());
        return t.degraded().map(reason -> ComponentHealth.degraded(reason, d)).orElseGet(() -> ComponentHealth.up(d));
    }
}
