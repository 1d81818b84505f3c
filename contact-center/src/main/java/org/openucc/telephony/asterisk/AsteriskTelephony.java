package org.openucc.telephony.asterisk;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.GetVarAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DeviceStateChangeEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HangupRequestEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.PeerStatusEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.event.ShutdownEvent;
import org.asteriskjava.manager.event.SoftHangupRequestEvent;
import org.asteriskjava.manager.response.GetVarResponse;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.AsteriskConfig;
import org.openucc.limits.Rejections;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.CallState;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;
import org.openucc.telephony.Telephony;
import org.openucc.telephony.media.PromptFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls carried by Asterisk, as {@link Telephony}: a FastAGI server takes the callers the dialplan
 * hands over ({@code config/asterisk/openucc-dialplan.conf}), one {@link AmiLink} per Asterisk rings
 * agents' devices (Originate), bridges, holds, transfers, records and hangs up, and follows the
 * channels (Hangup, OriginateResponse) and the devices (PeerStatus when a phone registers or goes
 * away, DeviceStateChange where res_manager_devicestate runs, and DEVICE_STATE() asked at every
 * (re)connect and every 30 s: an agent whose device is UNAVAILABLE, INVALID or UNKNOWN is not offered
 * calls). After the AMI link comes back, and after a
 * restart of this server, it reconciles with Asterisk's live channels: a call that ended meanwhile
 * ends here with a reason, one still bridged is taken up again.
 */
public final class AsteriskTelephony implements Telephony {
    private static final Logger log = LoggerFactory.getLogger(AsteriskTelephony.class);
    /** Device states in which an agent's device cannot take a call. */
    private static final List<String> UNREACHABLE = List.of("UNAVAILABLE", "INVALID", "UNKNOWN");

    private final AsteriskConfig config;
    private final Map<String, AmiLink> links = new LinkedHashMap<>();
    private final Map<String, InetAddress[]> serverAddresses = new HashMap<>();
    private final AsteriskSounds sounds;
    private final String recordingsDir;
    private final String voicemailDir;
    private final Rejections rejections;
    private final ExecutorService callPool;
    private final ScheduledExecutorService timers;
    private final ExecutorService reconciler;
    /** agentId → extension, server name. */
    private final Map<String, AsteriskConfig.Agent> agents = new LinkedHashMap<>();
    /** device (upper case) → agentId. */
    private final Map<String, String> agentByDevice = new HashMap<>();
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    /** The users' own phones (supervisors', rung for monitoring; on the first server): device (upper case) → username. */
    private final Map<String, String> phoneByDevice = new HashMap<>();
    /** username → whether its device is reachable now. */
    private final Map<String, Boolean> phoneReachable = new ConcurrentHashMap<>();
    private final Map<String, AsteriskLeg> legs = new ConcurrentHashMap<>();
    private final Map<String, AgentDial> dials = new ConcurrentHashMap<>();
    /** Calls to outside numbers until their answered channel is in FastAGI (or they failed), by Uniqueid. */
    private final Map<String, OutboundDial> outbound = new ConcurrentHashMap<>();
    /** Callers from before a restart, by interaction: their FastAGI session is expected back. */
    private final Map<String, CallerLeg> awaiting = new ConcurrentHashMap<>();
    /** Bridged calls from before a restart, by the caller's Uniqueid: matched at the next reconcile. */
    private final Map<String, KeptBridge> keptBridges = new ConcurrentHashMap<>();
    private final List<AgentReachabilityListener> reachabilityListeners = new CopyOnWriteArrayList<>();
    /** Servers that said they are shutting down (until their AMI link is back). */
    private final java.util.Set<String> shuttingDown = ConcurrentHashMap.newKeySet();
    private final AtomicInteger agiSessions = new AtomicInteger();
    private final AtomicLong agiTotal = new AtomicLong();
    private final AtomicLong legSequence = new AtomicLong();
    private final String legPrefix = "ucc-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private volatile InboundCallHandler handler;
    private volatile DefaultAgiServer agiServer;
    private volatile Thread agiThread;
    private volatile String agiProblem;
    private volatile boolean stopped;
    /** When {@link #start()} ran (System.nanoTime): the restart's recovery registers its kept callers soon after. */
    private volatile long startedNanos;

    /**
     * @param secrets       the AMI secret of each server, by server name (read from the environment)
     * @param agentDevices  whose device is which, on which server ({@link AsteriskConfig#agentDevices})
     * @param userPhones    the users' own phones ({@link AsteriskConfig#userPhones}), on the first server
     * @param soundsDir     where prompts are exported for Asterisk (this machine's view)
     */
    public AsteriskTelephony(AsteriskConfig config, Map<String, String> secrets, List<AsteriskConfig.Agent> agentDevices,
                             List<String> userPhones, PromptFiles prompts, Path soundsDir, String soundsDirForAsterisk, String recordingsDir,
                             String voicemailDir, ThreadPools pools, Rejections rejections) {
        this.config = config;
        this.recordingsDir = recordingsDir;
        this.voicemailDir = voicemailDir;
        this.rejections = rejections;
        this.sounds = new AsteriskSounds(prompts, soundsDir, soundsDirForAsterisk);
        this.callPool = pools.fixed("asterisk-call", Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.timers = pools.scheduled("asterisk-timer");
        this.reconciler = pools.fixed("asterisk-reconcile", 1);
        for (AsteriskConfig.Server s : config.servers()) {
            links.put(s.name(), new AmiLink(s, secrets.getOrDefault(s.name(), ""), config.reconnectMin(),
                    config.reconnectMax(), timers, new LinkListener()));
        }
        agentDevices.forEach(a -> agents.put(a.agentId(), a));
        agents.values().forEach(a -> agentByDevice.put(config.deviceFor(a.extension()).toUpperCase(Locale.ROOT),
                a.agentId()));
        userPhones.forEach(p -> phoneByDevice.put(config.deviceFor(p).toUpperCase(Locale.ROOT), p));
    }

    // ------------------------------------------------------------------ life cycle

    public void start() throws IOException {
        startedNanos = System.nanoTime();
        for (AsteriskConfig.Server s : config.servers()) {
            try {
                serverAddresses.put(s.name(), InetAddress.getAllByName(s.host()));
            } catch (UnknownHostException e) {
                log.warn("Asterisk {}: host {} does not resolve ({}); its FastAGI requests are refused until it does",
                        s.name(), s.host(), e.getMessage());
            }
        }
        InetAddress bind = InetAddress.getByName(config.agiHost());
        try (ServerSocket probe = new ServerSocket(config.agiPort(), 50, bind)) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("the FastAGI port " + config.agiHost() + ":" + config.agiPort() + " is taken ("
                    + e.getMessage() + "): set asterisk.agiPort", e);
        }
        DefaultAgiServer server = new DefaultAgiServer((request, channel) -> script);
        server.setAddress(bind);
        server.setPort(config.agiPort());
        server.setPoolSize(Math.min(16, config.maxAgiSessions()));
        server.setMaximumPoolSize(config.maxAgiSessions() + 16);
        agiServer = server;
        Thread t = new Thread(() -> {
            try {
                server.startup();
            } catch (IOException | RuntimeException e) {
                if (!stopped) {
                    agiProblem = "the FastAGI server stopped: " + e.getMessage();
                    log.error("Asterisk adapter: {}", agiProblem);
                }
            }
        }, "asterisk-fastagi");
        t.setDaemon(true);
        t.start();
        agiThread = t;
        links.values().forEach(AmiLink::start);
        timers.scheduleWithFixedDelay(() -> links.values().stream().filter(AmiLink::up).forEach(this::askDeviceStates),
                30, 30, TimeUnit.SECONDS);
        log.info("Asterisk adapter: FastAGI on {}:{}, AMI to {}", config.agiHost(), config.agiPort(), links.keySet());
    }

    public void stop() {
        stopped = true;
        DefaultAgiServer s = agiServer;
        if (s != null) {
            try {
                s.shutdown();
            } catch (RuntimeException e) {
                log.debug("FastAGI shutdown: {}", e.toString());
            }
        }
        links.values().forEach(AmiLink::stop);
        ThreadPools.shutDown(reconciler, Duration.ofSeconds(1));
        ThreadPools.shutDown(timers, Duration.ofSeconds(1));
        ThreadPools.shutDown(callPool, Duration.ofSeconds(2));
    }

    // ------------------------------------------------------------------ Telephony

    @Override
    public void onInboundCall(InboundCallHandler handler) {
        this.handler = handler;
    }

    @Override
    public OutboundCall dial(DialRequest request) {
        return dial(request, null);
    }

    @Override
    public OutboundCall dial(DialRequest request, CallControl relatedCall) {
        String legId = legPrefix + legSequence.incrementAndGet();
        if (request.to().startsWith(DialRequest.PHONE)) {
            return dialPhone(legId, request, relatedCall);
        }
        if (!request.to().startsWith("agent:")) {
            return dialNumber(legId, request);
        }
        String agentId = request.to().substring("agent:".length());
        AsteriskConfig.Agent agent = agents.get(agentId);
        AmiLink link = agent == null ? null : links.get(agent.server());
        if (relatedCall instanceof AsteriskLeg related && link != null && related.ami != link) {
            log.info("agent {}'s device is on {}, the caller on {}: not rung", agentId, link.name(), related.ami.name());
            link = null;
        }
        // The agent's leg shares the caller's owner: a hang-up on either side is handled in Asterisk's order.
        AgentDial d = new AgentDial(legId, agentId, link == null ? anyLink() : link,
                relatedCall instanceof AsteriskLeg related ? related.owner : owner(legId));
        if (agent == null || link == null || !link.up()) {
            d.failed(EndCause.FAILED);
            return d;
        }
        originateInto(link, d, config.deviceFor(agent.extension()), request);
        return d;
    }

    /** Rings {@code device} (AMI Originate, async); once it answers it waits in {@code asterisk.contexts.agent}. */
    private void originateInto(AmiLink link, AgentDial d, String device, DialRequest request) {
        String legId = d.legId;
        dials.put(legId, d);
        OriginateAction o = new OriginateAction();
        o.setChannel(device);
        o.setContext(config.contexts().agent());
        o.setExten("s");
        o.setPriority(1);
        o.setTimeout(request.ringTimeout().toMillis());
        o.setAsync(true);
        o.setChannelId(legId);
        if (request.callerId() != null && !request.callerId().isBlank()) {
            o.setCallerId(request.callerId());
        }
        o.setVariable("OPENUCC_AGENT", d.agentId);
        link.send(o).whenComplete((r, err) -> {
            if (err != null) {
                dials.remove(legId);
                log.info("{}: Originate of {} failed: {}", d.agentId, device, err.getMessage());
                d.failed(EndCause.FAILED);
            }
        });
    }

    /**
     * A user's own phone (a supervisor's, for monitoring): rung like an agent's device, on the first server, into
     * {@code asterisk.contexts.agent}, where it waits until {@link CallerLeg#monitor} moves it into ChanSpy.
     * It has to be on the caller's Asterisk: ChanSpy spies on channels of its own server only.
     */
    private OutboundCall dialPhone(String legId, DialRequest request, CallControl relatedCall) {
        String username = request.to().substring(DialRequest.PHONE.length());
        AmiLink link = anyLink();
        boolean known = phoneByDevice.containsValue(username);
        AgentDial d = new AgentDial(legId, request.to(), link,
                relatedCall instanceof AsteriskLeg related ? related.owner : owner(legId));
        if (!known || !link.up() || (relatedCall instanceof AsteriskLeg related && related.ami != link)) {
            log.info("phone {}: not rung ({})", username, !known ? "not one of the users' phones"
                    : !link.up() ? "Asterisk " + link.name() + " is not connected" : "the call is on another Asterisk");
            d.failed(EndCause.FAILED);
            return d;
        }
        originateInto(link, d, config.deviceFor(username), request);
        return d;
    }

    /**
     * A call to an outside number through Asterisk's trunk ({@code asterisk.outbound.channel}): Originate
     * with the request's caller ID and ring time; the answered channel runs {@code asterisk.outbound.context},
     * which brings it into FastAGI, where it becomes a {@link CallerLeg} (see {@link OutboundDial}).
     */
    private OutboundCall dialNumber(String legId, DialRequest request) {
        String number = request.to();
        AmiLink link = links.values().stream().filter(AmiLink::up).findFirst().orElse(anyLink());
        OutboundDial d = new OutboundDial(legId, number, link);
        if (!config.outbound().enabled()) {
            d.failed(EndCause.FAILED, "calls to numbers are not configured on Asterisk (asterisk.outbound.channel)");
            return d;
        }
        if (!AsteriskConfig.Outbound.isNumber(number)) {
            d.failed(EndCause.FAILED, "'" + number + "' is not a number Asterisk can dial (digits, an optional +)");
            return d;
        }
        if (!link.up()) {
            d.failed(EndCause.FAILED, "Asterisk " + link.name() + " is not connected (" + link.problem() + ")");
            return d;
        }
        String digits = number.startsWith("+") ? number.substring(1) : number;
        String callerId = request.callerId() != null && !request.callerId().isBlank() ? request.callerId()
                : config.outbound().callerId();
        outbound.put(legId, d);
        OriginateAction o = new OriginateAction();
        o.setChannel(config.outbound().channelFor(number));
        o.setContext(config.outbound().context());
        o.setExten(digits);
        o.setPriority(1);
        // Asterisk counts the ring time from the Originate: a little more, so the called party rings the full time.
        o.setTimeout(request.ringTimeout().plusSeconds(1).toMillis());
        o.setAsync(true);
        o.setChannelId(legId);
        if (callerId != null) {
            o.setCallerId(callerId);
        }
        o.setVariable("OPENUCC_NUMBER", number);
        log.info("outbound call {}: dialling {} through {} on {}", legId, number, o.getChannel(), link.name());
        link.send(o).whenComplete((r, err) -> {
            if (err != null) {
                outbound.remove(legId);
                d.failed(EndCause.FAILED, "Asterisk " + link.name() + " refused the Originate of " + o.getChannel()
                        + ": " + err.getMessage());
            }
        });
        d.answered().whenComplete((c, err) -> {
            if (err != null) {
                outbound.remove(legId, d);
            }
        });
        // Asterisk always answers an Originate within its timeout; if the word is lost (AMI link down for
        // long), the dial does not wait for ever (a channel that reaches FastAGI after this is hung up).
        Duration limit = request.ringTimeout().plusSeconds(30);
        timers.schedule(() -> {
            if (!d.settled()) {
                outbound.remove(legId, d);
                d.failed(EndCause.FAILED, "Asterisk " + link.name() + " did not say within " + limit.toSeconds()
                        + " s how the call to " + number + " went");
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        return d;
    }

    /** Numbers go out through Asterisk's trunk when {@code asterisk.outbound.channel} is set. */
    @Override
    public boolean reaches(String number) {
        return config.outbound().enabled() && AsteriskConfig.Outbound.isNumber(number);
    }

    @Override
    public boolean knowsRegistrations() {
        return config.requireRegisteredPhone();
    }

    @Override
    public boolean isReachable(String agentId) {
        return !config.requireRegisteredPhone() || Boolean.TRUE.equals(reachable.get(agentId));
    }

    /** Asterisk spies on its channels with ChanSpy ({@link CallerLeg#monitor}). */
    @Override
    public boolean monitorsCalls() {
        return true;
    }

    /** A user's phone (on the first server) whose device is reachable, as agents' are judged. */
    @Override
    public boolean phoneRegistered(String username) {
        return phoneByDevice.containsValue(username)
                && (!config.requireRegisteredPhone() || Boolean.TRUE.equals(phoneReachable.get(username)));
    }

    @Override
    public void onAgentReachability(AgentReachabilityListener listener) {
        reachabilityListeners.add(listener);
    }

    /**
     * Stopping: FastAGI sessions end, so their callers go back to the dialplan, which plays music on
     * hold and calls again until this server (or its successor) is back.
     */
    boolean stopping() {
        return stopped;
    }

    // ------------------------------------------------------------------ FastAGI

    private final AgiScript script = this::service;

    private void service(AgiRequest request, AgiChannel channel) {
        AmiLink link = linkFor(request.getRemoteAddress());
        if (link == null) {
            rejections.count("asterisk", "agi-stranger");
            log.warn("FastAGI request from {} refused: not one of the configured Asterisk servers ({})",
                    request.getRemoteAddress(), links.keySet());
            return;
        }
        String uid = request.getUniqueId();
        if (uid == null || uid.isBlank() || !"call".equals(scriptName(request.getScript()))) {
            rejections.count("asterisk", "agi-malformed");
            log.warn("FastAGI request from {} refused: script '{}' with Uniqueid '{}' (the dialplan should call"
                    + " ${{OPENUCC_AGI}}/call)", link.name(), request.getScript(), uid);
            return;
        }
        if (agiSessions.incrementAndGet() > config.maxAgiSessions()) {
            agiSessions.decrementAndGet();
            rejections.count("asterisk", "agi-sessions");
            log.warn("FastAGI: {} sessions at once (asterisk.maxAgiSessions); caller {} waits in the dialplan",
                    config.maxAgiSessions(), uid);
            return;
        }
        agiTotal.incrementAndGet();
        try {
            // A call to a number arrives from [openucc-outbound] (?outbound=1): never taken for an inbound caller,
            // even when its dial was cancelled or failed meanwhile.
            boolean toNumber = outbound.containsKey(uid) || "1".equals(request.getParameter("outbound"));
            CallerLeg leg = toNumber && !legs.containsKey(uid) ? answeredOutbound(request, link, uid)
                    : callerFor(request, link, uid);
            if (leg != null) {
                leg.serve(channel);
            }
        } finally {
            agiSessions.decrementAndGet();
        }
    }

    private CallerLeg callerFor(AgiRequest request, AmiLink link, String uid) {
        AsteriskLeg known = legs.get(uid);
        if (known instanceof CallerLeg c) {
            if (c.state == CallState.ENDED) {
                return null;
            }
            return c; // back into FastAGI (after a bridge, or the dialplan's retry)
        }
        String interaction = request.getParameter("interaction");
        if (interaction != null && !interaction.isBlank()) {
            CallerLeg kept = keptCaller(interaction);
            if (kept != null && kept.uniqueId.equals(uid)) {
                log.info("interaction {}: the caller ({}) is back after the restart", interaction, uid);
                return kept;
            }
        }
        InboundCallHandler h = handler;
        if (h == null || stopped) {
            return null;
        }
        String number = request.getExtension();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("telephony", "asterisk");
        headers.put("asterisk.server", link.name());
        headers.put("asterisk.channel", String.valueOf(request.getChannel()));
        CallInfo info = new CallInfo(request.getCallerIdNumber(), number, request.getCallerIdName(),
                CallInfo.Direction.INBOUND, headers);
        CallerLeg leg = newCaller(link, uid, request.getChannel(), info, number);
        h.onCall(leg);
        return leg;
    }

    /**
     * The leg the restart's recovery keeps for a caller who names its interaction. FastAGI serves before the recovery
     * has run: a waiting caller whose dialplan retry comes in that moment would otherwise be taken for a new call
     * (and, once the recovery keeps it too, have two legs, one of which hangs it up). So, within
     * {@code asterisk.reattachWait} of the start, such a caller waits up to 2 s for the recovery.
     */
    private CallerLeg keptCaller(String interaction) {
        CallerLeg kept = awaiting.remove(interaction);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (kept == null && !stopped && System.nanoTime() - startedNanos < config.reattachWait().toNanos()
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            kept = awaiting.remove(interaction);
        }
        return kept;
    }

    /** The answered channel of a call to a number is in FastAGI: it becomes a caller leg, the dial's answer. */
    private CallerLeg answeredOutbound(AgiRequest request, AmiLink link, String uid) {
        OutboundDial d = outbound.remove(uid);
        if (d == null || d.settled()) {
            log.info("outbound call {}: answered after it was cancelled or failed: hung up", uid);
            link.send(new HangupAction(uid, 16));
            return null;
        }
        String digits = d.number.startsWith("+") ? d.number.substring(1) : d.number;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("telephony", "asterisk");
        headers.put("asterisk.server", link.name());
        headers.put("asterisk.channel", String.valueOf(request.getChannel()));
        CallInfo info = new CallInfo(request.getCallerIdNumber(), d.number, null, CallInfo.Direction.OUTBOUND, headers);
        CallerLeg leg = newCaller(link, uid, request.getChannel(), info, digits);
        leg.state = CallState.ANSWERED;
        if (!d.answeredBy(leg)) {
            leg.hangup("no longer needed");
            return null;
        }
        return leg;
    }

    private CallerLeg newCaller(AmiLink link, String uid, String channel, CallInfo info, String number) {
        CallerLeg leg = new CallerLeg(this, link, uid, channel, info, owner(uid), timers, config, sounds, voicemailDir,
                number);
        legs.put(uid, leg);
        return leg;
    }

    private SerialExecutor owner(String uid) {
        return new SerialExecutor(callPool, "asterisk " + uid, Map.of("channel", uid));
    }

    private static String scriptName(String script) {
        if (script == null) {
            return "";
        }
        String s = script.startsWith("/") ? script.substring(1) : script;
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private AmiLink linkFor(InetAddress from) {
        if (from == null) {
            return null;
        }
        for (AsteriskConfig.Server s : config.servers()) {
            InetAddress[] addresses = serverAddresses.get(s.name());
            if (addresses == null) {
                continue;
            }
            for (InetAddress a : addresses) {
                if (a.equals(from) || (a.isLoopbackAddress() && from.isLoopbackAddress())) {
                    return links.get(s.name());
                }
            }
        }
        return null;
    }

    private AmiLink anyLink() {
        return links.values().iterator().next();
    }

    // ------------------------------------------------------------------ AMI events

    private final class LinkListener implements AmiLink.Listener {
        @Override
        public void connected(AmiLink link) {
            shuttingDown.remove(link.name());
            reconciler.execute(() -> reconcile(link));
        }

        @Override
        public void disconnected(AmiLink link, String why) {
            agents.values().stream().filter(a -> link.name().equals(a.server()))
                    .forEach(a -> reachability(a.agentId(), false));
            if (link == anyLink()) {
                phoneByDevice.values().forEach(p -> phoneReachability(p, false));
            }
        }

        @Override
        public void event(AmiLink link, ManagerEvent event) {
            if (event instanceof ShutdownEvent) {
                log.warn("Asterisk {} is shutting down: its calls end", link.name());
                shuttingDown.add(link.name());
            } else if (event instanceof SoftHangupRequestEvent soft && shutdownCause(soft.getCause())) {
                // "core stop": Asterisk hangs up every channel (AST_SOFTHANGUP_SHUTDOWN) before it says Shutdown.
                if (shuttingDown.add(link.name())) {
                    log.warn("Asterisk {} is shutting down: its calls end", link.name());
                }
            } else if (event instanceof HangupRequestEvent r) {
                // The phone hung up (a BYE), the first sign of it: it says who left, before the bridge ends.
                AsteriskLeg leg = legs.get(r.getUniqueId());
                if (leg != null && leg.ami == link) {
                    ended(link, leg, "hung up");
                }
            } else if (event instanceof HangupEvent h) {
                OutboundDial d = h.getUniqueId() == null ? null : outbound.get(h.getUniqueId());
                if (d != null) {
                    d.hungUp(h.getCause(), h.getCauseTxt());
                }
                AsteriskLeg leg = legs.get(h.getUniqueId());
                if (leg != null && leg.ami == link) {
                    ended(link, leg, "hung up (" + h.getCauseTxt() + ")");
                }
            } else if (event instanceof org.asteriskjava.manager.event.AbstractChannelTalkingEvent t) {
                if (legs.get(t.getUniqueId()) instanceof CallerLeg c && c.ami == link) {
                    c.talking(t instanceof org.asteriskjava.manager.event.ChannelTalkingStartEvent);
                }
            } else if (event instanceof OriginateResponseEvent o) {
                originated(link, o);
            } else if (event instanceof PeerStatusEvent p) {
                // chan_sip (and chan_pjsip's endpoints) say when a phone registers, goes away or stops answering.
                String agent = agentByDevice.get(String.valueOf(p.getPeer()).toUpperCase(Locale.ROOT));
                String status = String.valueOf(p.getPeerStatus()).toUpperCase(Locale.ROOT);
                String phone = phoneByDevice.get(String.valueOf(p.getPeer()).toUpperCase(Locale.ROOT));
                if (phone != null && link == anyLink()) {
                    if (List.of("REGISTERED", "REACHABLE", "LAGGED").contains(status)) {
                        phoneReachability(phone, true);
                    } else if (List.of("UNREGISTERED", "UNREACHABLE", "REJECTED").contains(status)) {
                        phoneReachability(phone, false);
                    }
                }
                if (agent != null && link.name().equals(agents.get(agent).server())) {
                    if (List.of("REGISTERED", "REACHABLE", "LAGGED").contains(status)) {
                        reachability(agent, true);
                    } else if (List.of("UNREGISTERED", "UNREACHABLE", "REJECTED").contains(status)) {
                        reachability(agent, false);
                    }
                }
            } else if (event instanceof DeviceStateChangeEvent d) {
                String agent = agentByDevice.get(String.valueOf(d.getDevice()).toUpperCase(Locale.ROOT));
                String phone = phoneByDevice.get(String.valueOf(d.getDevice()).toUpperCase(Locale.ROOT));
                if (phone != null && link == anyLink()) {
                    phoneReachability(phone, !UNREACHABLE.contains(String.valueOf(d.getState()).toUpperCase(Locale.ROOT)));
                }
                if (agent != null && link.name().equals(agents.get(agent).server())) {
                    reachability(agent, !UNREACHABLE.contains(String.valueOf(d.getState()).toUpperCase(Locale.ROOT)));
                }
            }
        }
    }

    /** Whether a SoftHangupRequest's cause has AST_SOFTHANGUP_SHUTDOWN (1 << 2) set. */
    static boolean shutdownCause(Object cause) {
        try {
            return cause != null && (Integer.parseInt(String.valueOf(cause).trim()) & (1 << 2)) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A channel ended: hung up by its phone, or lost because its Asterisk is shutting down. */
    private void ended(AmiLink link, AsteriskLeg leg, String detail) {
        if (shuttingDown.contains(link.name())) {
            leg.gone(EndCause.FAILED, "Asterisk " + link.name() + " shut down");
        } else {
            leg.gone(EndCause.REMOTE_HANGUP, detail);
        }
    }

    private void originated(AmiLink link, OriginateResponseEvent o) {
        String uid = o.getUniqueId();
        OutboundDial out = uid == null ? null : outbound.get(uid);
        if (out != null) {
            boolean success = "Success".equalsIgnoreCase(o.getResponse());
            if (!success && Integer.valueOf(0).equals(o.getReason()) && !out.knowsHangupCause()) {
                // The channel's Hangup (whose cause tells busy from refused) may follow the response: wait for it.
                timers.schedule(() -> {
                    outbound.remove(uid, out);
                    out.originateResponse(false, o.getReason());
                }, 500, TimeUnit.MILLISECONDS);
                return;
            }
            if (!success) {
                outbound.remove(uid);
            }
            out.originateResponse(success, o.getReason());
            return;
        }
        AgentDial d = uid == null ? null : dials.remove(uid);
        if (d == null) {
            return;
        }
        if ("Success".equalsIgnoreCase(o.getResponse())) {
            String to = d.agentId.startsWith(DialRequest.PHONE) ? d.agentId : "agent:" + d.agentId;
            CallInfo info = new CallInfo(null, to, null, CallInfo.Direction.OUTBOUND,
                    Map.of("telephony", "asterisk", "asterisk.channel", String.valueOf(o.getChannel())));
            AgentLeg leg = new AgentLeg(this, link, uid, o.getChannel(), info, d.owner);
            legs.put(uid, leg);
            d.answeredBy(leg); // hangs the leg up if the offer was withdrawn while the phone rang
        } else {
            d.failed(AgentDial.cause(o.getReason()));
        }
    }

    private void reachability(String agentId, boolean now) {
        Boolean before = reachable.put(agentId, now);
        if (before == null || before != now) {
            log.info("agent {}'s device on Asterisk is {}", agentId, now ? "reachable" : "unreachable");
            for (AgentReachabilityListener l : reachabilityListeners) {
                l.changed(agentId, now);
            }
        }
    }

    private void phoneReachability(String username, boolean now) {
        Boolean before = phoneReachable.put(username, now);
        if (before == null || before != now) {
            log.info("phone {} on Asterisk is {}", username, now ? "reachable" : "unreachable");
        }
    }

    // ------------------------------------------------------------------ reconcile

    /**
     * After a (re)connect: the agents' device states, then Asterisk's live channels against the calls
     * this server follows. Blocking, on the reconcile thread.
     */
    private void reconcile(AmiLink link) {
        askDeviceStates(link);
        reconcileChannels(link);
    }

    /** Asks the device state of every agent on the server (DEVICE_STATE(), whatever the channel driver). */
    private void askDeviceStates(AmiLink link) {
        askPhoneStates(link);
        for (AsteriskConfig.Agent a : agents.values()) {
            if (!link.name().equals(a.server())) {
                continue;
            }
            String device = config.deviceFor(a.extension());
            link.send(new GetVarAction("DEVICE_STATE(" + device + ")")).whenComplete((r, err) -> {
                if (err == null && r instanceof GetVarResponse g) {
                    reachability(a.agentId(), !UNREACHABLE.contains(String.valueOf(g.getValue()).toUpperCase(Locale.ROOT)));
                } else if (err != null) {
                    log.info("agent {}: device state of {} unknown: {}", a.agentId(), device, err.getMessage());
                }
            });
        }
    }

    /** The device states of the users' own phones (on the first server). */
    private void askPhoneStates(AmiLink link) {
        if (link != anyLink()) {
            return;
        }
        for (String username : phoneByDevice.values()) {
            String device = config.deviceFor(username);
            link.send(new GetVarAction("DEVICE_STATE(" + device + ")")).whenComplete((r, err) -> {
                if (err == null && r instanceof GetVarResponse g) {
                    phoneReachability(username, !UNREACHABLE.contains(String.valueOf(g.getValue())
                            .toUpperCase(Locale.ROOT)));
                } else if (err != null) {
                    log.info("phone {}: device state of {} unknown: {}", username, device, err.getMessage());
                }
            });
        }
    }

    private void reconcileChannels(AmiLink link) {
        List<ResponseEvent> list;
        try {
            list = link.list(new CoreShowChannelsAction());
        } catch (AmiLink.AmiException e) {
            log.warn("Asterisk {}: cannot list its channels to reconcile: {}", link.name(), e.getMessage());
            return;
        }
        Map<String, CoreShowChannelEvent> live = new HashMap<>();
        Map<String, List<CoreShowChannelEvent>> byBridge = new HashMap<>();
        for (ResponseEvent e : list) {
            if (e instanceof CoreShowChannelEvent c && c.getUniqueid() != null) {
                live.put(c.getUniqueid(), c);
                if (c.getBridgeid() != null && !c.getBridgeid().isBlank()) {
                    byBridge.computeIfAbsent(c.getBridgeid(), b -> new ArrayList<>()).add(c);
                }
            }
        }
        int ended = 0;
        for (AsteriskLeg leg : new ArrayList<>(legs.values())) {
            if (leg.ami == link && !live.containsKey(leg.uniqueId) && leg.state != CallState.ENDED) {
                leg.gone(EndCause.FAILED, "no longer on Asterisk " + link.name() + " when the AMI link came back");
                ended++;
            }
        }
        for (var it = dials.entrySet().iterator(); it.hasNext(); ) {
            var d = it.next();
            if (d.getValue().ami == link && !live.containsKey(d.getKey())) {
                it.remove();
                d.getValue().failed(EndCause.FAILED);
            }
        }
        for (var it = outbound.entrySet().iterator(); it.hasNext(); ) {
            var d = it.next();
            if (d.getValue().ami == link && !live.containsKey(d.getKey())) {
                it.remove();
                d.getValue().failed(EndCause.FAILED, "no longer on Asterisk " + link.name()
                        + " when the AMI link came back");
            }
        }
        int reattached = 0;
        for (KeptBridge k : new ArrayList<>(keptBridges.values())) {
            if (!k.server.equals(link.name())) {
                continue;
            }
            keptBridges.remove(k.callerUniqueId);
            CoreShowChannelEvent caller = live.get(k.callerUniqueId);
            if (caller == null) {
                k.result.completeExceptionally(new CallEndedException(k.callerUniqueId, EndCause.REMOTE_HANGUP));
                continue;
            }
            CoreShowChannelEvent agent = null;
            String bridge = caller.getBridgeid();
            if (bridge != null && !bridge.isBlank()) {
                for (CoreShowChannelEvent c : byBridge.getOrDefault(bridge, List.of())) {
                    if (!c.getUniqueid().equals(k.callerUniqueId)) {
                        agent = c;
                    }
                }
            }
            if (agent == null) {
                k.result.completeExceptionally(new IllegalStateException("the caller " + k.callerUniqueId
                        + " is no longer bridged with an agent on " + link.name()));
                continue;
            }
            CallInfo callerInfo = new CallInfo(caller.getCallerIdNum(), k.serviceNumber, caller.getCallerIdName(),
                    CallInfo.Direction.INBOUND, Map.of("telephony", "asterisk", "asterisk.server", link.name(),
                    "asterisk.channel", caller.getChannel()));
            CallerLeg c = newCaller(link, k.callerUniqueId, caller.getChannel(), callerInfo, k.serviceNumber);
            c.interactionId = k.interactionId;
            CallInfo agentInfo = new CallInfo(null, "agent:" + k.agentId, null, CallInfo.Direction.OUTBOUND,
                    Map.of("telephony", "asterisk", "asterisk.channel", agent.getChannel()));
            AgentLeg a = new AgentLeg(this, link, agent.getUniqueid(), agent.getChannel(), agentInfo, c.owner);
            legs.put(a.uniqueId, a);
            c.reattached(a, false);
            reattached++;
            k.result.complete(new Bridged(c, a));
        }
        for (CallerLeg c : awaiting.values()) {
            if (c.ami == link && !live.containsKey(c.uniqueId)) {
                awaiting.remove(c.interactionId, c);
                c.gone(EndCause.REMOTE_HANGUP, "the caller hung up while OpenUCC was restarting");
            }
        }
        // Agents' channels from before a restart that nobody bridges any more: ringing or waiting in vain.
        for (CoreShowChannelEvent c : live.values()) {
            String uid = c.getUniqueid();
            if (uid.startsWith("ucc-") && !uid.startsWith(legPrefix) && !legs.containsKey(uid)
                    && (c.getBridgeid() == null || c.getBridgeid().isBlank())) {
                link.send(new HangupAction(uid, 16));
            }
        }
        log.info("Asterisk {}: reconciled with {} live channels ({} calls ended meanwhile, {} bridged calls taken up"
                + " again)", link.name(), live.size(), ended, reattached);
    }

    // ------------------------------------------------------------------ after a restart

    /** A bridged call from before a restart, taken up again: the caller's and the agent's legs. */
    public record Bridged(CallControl caller, CallControl agent) {
    }

    private record KeptBridge(String interactionId, String callerUniqueId, String server, String serviceNumber,
                              String agentId, CompletableFuture<Bridged> result) {
    }

    /**
     * A caller who was waiting when this server stopped: its leg now, served once the dialplan brings
     * it back into FastAGI; it ends if Asterisk does not have the channel, or if it is not back within
     * {@code asterisk.reattachWait}. Empty if the server is unknown.
     */
    public Optional<CallControl> keepWaiting(String interactionId, String uniqueId, String server, String serviceNumber,
                                             String from) {
        AmiLink link = links.get(server);
        if (link == null) {
            return Optional.empty();
        }
        CallInfo info = new CallInfo(from, serviceNumber, null, CallInfo.Direction.INBOUND,
                Map.of("telephony", "asterisk", "asterisk.server", server));
        CallerLeg leg = newCaller(link, uniqueId, null, info, serviceNumber);
        leg.interactionId = interactionId;
        awaiting.put(interactionId, leg);
        timers.schedule(() -> {
            if (awaiting.remove(interactionId, leg) && !leg.inAgi() && leg.state != CallState.ENDED) {
                log.info("interaction {}: the caller did not come back within {} s after the restart", interactionId,
                        config.reattachWait().toSeconds());
                leg.hangup("not back after the restart");
            }
        }, config.reattachWait().toMillis(), TimeUnit.MILLISECONDS);
        return Optional.of(leg);
    }

    /**
     * A call that was bridged with {@code agentId} when this server stopped: completes with both legs
     * once the AMI link to its server shows the caller still bridged, or fails if it is not.
     */
    public CompletableFuture<Bridged> keepBridged(String interactionId, String uniqueId, String server,
                                                  String serviceNumber, String agentId) {
        CompletableFuture<Bridged> f = new CompletableFuture<>();
        AmiLink link = links.get(server);
        if (link == null) {
            f.completeExceptionally(new IllegalStateException("Asterisk server '" + server + "' is not configured"));
            return f;
        }
        keptBridges.put(uniqueId, new KeptBridge(interactionId, uniqueId, server, serviceNumber, agentId, f));
        if (link.up()) {
            reconciler.execute(() -> reconcile(link));
        }
        return f;
    }

    // ------------------------------------------------------------------ shared with the legs

    void forget(AsteriskLeg leg) {
        legs.remove(leg.uniqueId, leg);
    }

    String recordingLocation(org.openucc.telephony.RecordingHandle handle) {
        return recordingsDir + "/" + handle.id() + ".wav";
    }

    // ------------------------------------------------------------------ health

    /** Whether every AMI link is up and the FastAGI server runs; the reason if not. */
    public Optional<String> problem() {
        if (agiProblem != null) {
            return Optional.of(agiProblem);
        }
        List<String> down = new ArrayList<>();
        links.values().stream().filter(l -> !l.up()).forEach(l -> down.add(l.name() + ": " + l.problem()));
        return down.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", down));
    }

    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> servers = new ArrayList<>();
        for (AmiLink l : links.values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", l.name());
            s.put("ami", l.server.host() + ":" + l.server.port());
            s.put("status", l.up() ? "UP" : "DOWN");
            if (!l.up()) {
                s.put("reason", l.problem());
            }
            s.put("since", l.since().toString());
            s.put("amiEvents", l.events());
            s.put("reconnects", l.reconnects());
            servers.add(s);
        }
        m.put("servers", servers);
        m.put("fastAgi", config.agiHost() + ":" + config.agiPort());
        m.put("agiSessions", agiSessions.get());
        m.put("agiSessionsTotal", agiTotal.get());
        m.put("channels", legs.size());
        m.put("agentsReachable", reachable.values().stream().filter(Boolean::booleanValue).count());
        return m;
    }
}
