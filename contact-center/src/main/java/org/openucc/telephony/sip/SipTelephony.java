package org.openucc.telephony.sip;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openucc.concurrent.SerialExecutor;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.SipConfig;
import org.openucc.limits.Rejections;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEndedException;
import org.openucc.telephony.CallInfo;
import org.openucc.telephony.DialRequest;
import org.openucc.telephony.EndCause;
import org.openucc.telephony.OutboundCall;
import org.openucc.telephony.Telephony;
import org.openucc.telephony.media.MediaEngine;
import org.openucc.telephony.media.PromptFiles;
import org.openucc.telephony.media.RecordingFiles;
import org.openucc.telephony.media.RtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in telephony: a SIP registrar for agents' phones and a B2BUA that answers callers and
 * calls agents, with RTP media relayed (and recorded) through the server. Build it with the config
 * and the phones' credentials, set the inbound handler, then {@link #start()}; {@link #stop()}
 * hangs up what is left and closes the sockets.
 */
public final class SipTelephony implements Telephony, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipTelephony.class);
    /** How long stopping lets the legs' queued work finish. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How long /health stays DEGRADED after a call was refused for want of an RTP port. */
    static final int RTP_DEGRADED_SECONDS = 60;
    /** {@code store.phoneRegion}'s default, for the constructors that are not told the region. */
    static final String DEFAULT_PHONE_REGION = "DE";

    private final SipConfig config;
    private final SipEndpoint endpoint;
    private final MediaEngine media;
    private final ExecutorService callPool;
    private final ScheduledExecutorService timers;
    private final SipRegistrar registrar;
    private final SipSignalling signalling;
    private final AuthLockout lockout;
    private final SipTrunks trunks;

    /**
     * @param config      where to listen, the realm, the RTP range
     * @param credentials the agents' phone accounts (HA1 hashes)
     * @param prompts     the prompt catalog playbacks are resolved through
     * @param recordings  where recordings are written
     */
    public SipTelephony(SipConfig config, SipCredentials credentials, PromptFiles prompts, RecordingFiles recordings) {
        this(config, credentials, prompts, recordings, new ThreadPools());
    }

    /**
     * @param pools where its named pools come from: {@code sip-call} (the legs' owners), {@code sip-timers},
     *              and the media's {@code media-writer}
     */
    public SipTelephony(SipConfig config, SipCredentials credentials, PromptFiles prompts, RecordingFiles recordings,
                        ThreadPools pools) {
        this(config, credentials, prompts, recordings, pools, new Rejections(), Map.of());
    }

    /**
     * @param rejections      where every refusal by a limit of {@code config.limits()} is counted (door {@code sip})
     * @param queueMaxWaiting queues' own {@code maxWaiting} where set: their cap on waiting calls at the door
     */
    public SipTelephony(SipConfig config, SipCredentials credentials, PromptFiles prompts, RecordingFiles recordings,
                        ThreadPools pools, Rejections rejections, Map<String, Integer> queueMaxWaiting) {
        this(config, credentials, prompts, recordings, pools, rejections, queueMaxWaiting, DEFAULT_PHONE_REGION,
                System::getenv);
    }

    /**
     * @param phoneRegion where national numbers given to {@link #dial} are read ({@code store.phoneRegion})
     * @param env         where the trunks' secrets ({@code sip.trunks[].register.secretEnv}) are read
     * @throws IllegalStateException when a registering trunk's secret is not in the environment
     */
    public SipTelephony(SipConfig config, SipCredentials credentials, PromptFiles prompts, RecordingFiles recordings,
                        ThreadPools pools, Rejections rejections, Map<String, Integer> queueMaxWaiting,
                        String phoneRegion, java.util.function.Function<String, String> env) {
        this.config = config;
        this.trunks = new SipTrunks(config.trunks(), phoneRegion, env);
        this.endpoint = new SipEndpoint(config.host(), config.port(), config.transports());
        this.media = new MediaEngine(config.host(), config.rtpPortMin(), config.rtpPortMax(), 0, pools);
        this.callPool = pools.fixed("sip-call", Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.timers = pools.scheduled("sip-timers");
        DigestAuthenticator auth = new DigestAuthenticator(config.realm(), credentials);
        this.lockout = new AuthLockout(config.limits(), InstantSource.system());
        this.registrar = new SipRegistrar(endpoint, auth, lockout, rejections, config.minExpires(),
                config.maxExpires(), timers, new SerialExecutor(callPool, "registrar"));
        SipAdmission admission = new SipAdmission(config.limits(), config.services(), queueMaxWaiting, rejections,
                InstantSource.system(), trunks.addresses());
        this.signalling = new SipSignalling(endpoint, media, prompts, recordings, callPool, timers, registrar,
                admission, auth, lockout, trunks, config.transactionTimeout(), config.mediaTimeout());
    }

    /**
     * Shares the registrar's bindings with the other nodes of a cluster (call before {@link #start()}): a phone
     * registered through any node is reachable from this one, and this one's registrations reach the others.
     */
    public void shareRegistrations(SipBindings bindings) {
        registrar.share(bindings);
    }

    /** The RTP side (tests in this package hold its loops busy). */
    MediaEngine media() {
        return media;
    }

    public void start() throws IOException {
        registrar.start();
        media.start();
        endpoint.start(signalling);
        timers.scheduleWithFixedDelay(lockout::purge, 1, 1, TimeUnit.MINUTES);
        if (!config.mediaTimeout().isZero()) {
            timers.scheduleWithFixedDelay(signalling::sweepMedia, 1, 1, TimeUnit.SECONDS); // sip.mediaTimeout
        }
        trunks.start(endpoint, timers, callPool);
    }

    public void stop() {
        signalling.hangupAll(STOP_GRACE.toMillis());
        trunks.stop();
        registrar.stop();
        endpoint.stop();
        media.stop();
        ThreadPools.shutDown(timers);
        ThreadPools.shutDown(callPool, STOP_GRACE);
    }

    @Override
    public void close() {
        stop();
    }

    /** The SIP port actually in use (differs from the config when it asked for 0). */
    public int port() {
        return endpoint.port();
    }

    public String host() {
        return endpoint.host();
    }

    public SipConfig config() {
        return config;
    }

    @Override
    public void onInboundCall(InboundCallHandler handler) {
        signalling.onInboundCall(handler);
    }

    @Override
    public OutboundCall dial(DialRequest request) {
        return dial(request, null);
    }

    @Override
    public OutboundCall dial(DialRequest request, CallControl relatedCall) {
        RtpSession near = relatedCall instanceof SipCallLeg related ? related.rtp : null;
        String callId = endpoint.provider().getNewCallId().getCallId();
        SipCallLeg leg = new SipCallLeg(signalling, callId, new CallInfo(request.callerId(), request.to(), null,
                CallInfo.Direction.OUTBOUND, Map.of()), false);
        if (relatedCall instanceof SipCallLeg related && related.format != null) {
            leg.offerFirst = related.format.codec(); // offered first: no transcoding when the callee can take it
        }
        signalling.track(leg);
        leg.run(() -> place(leg, request, near));
        return new OutboundCall() {
            @Override
            public String callId() {
                return callId;
            }

            @Override
            public CompletionStage<CallControl> answered() {
                return leg.answered.thenApply(v -> leg);
            }

            @Override
            public void cancel() {
                leg.run(() -> {
                    leg.cancel(EndCause.CANCELLED);
                    if (leg.sm.is(LegState.CANCELLING) && leg.inviteClientTx == null) {
                        leg.end(EndCause.CANCELLED, "cancelled before dialing");
                    }
                });
            }
        };
    }

    private void place(SipCallLeg leg, DialRequest request, RtpSession near) {
        String to = request.to();
        String target;
        String transport;
        String toUser;
        String callerId = request.callerId();
        if (to.startsWith("agent:")) {
            String agentId = to.substring("agent:".length());
            var binding = registrar.binding(agentId);
            if (binding.isEmpty()) {
                leg.end(EndCause.FAILED, "agent " + agentId + " has no registered phone");
                return;
            }
            target = binding.get().contact();
            transport = binding.get().transport();
            toUser = binding.get().username();
        } else if (to.startsWith(DialRequest.PHONE)) {
            String username = to.substring(DialRequest.PHONE.length());
            var binding = registrar.phone(username);
            if (binding.isEmpty()) {
                leg.end(EndCause.FAILED, "phone " + username + " is not registered");
                return;
            }
            target = binding.get().contact();
            transport = binding.get().transport();
            toUser = binding.get().username();
        } else if (to.startsWith("sip:")) {
            target = to;
            transport = to.contains("transport=tcp") ? "tcp" : "udp";
            toUser = to.substring(4, Math.max(4, to.indexOf('@')));
        } else {
            SipTrunks.Route route;
            try {
                route = trunks.route(to);
            } catch (IllegalArgumentException e) {
                leg.end(EndCause.FAILED, e.getMessage());
                return;
            }
            var down = route.trunk().unavailable();
            if (down.isPresent()) {
                leg.end(EndCause.FAILED, down.get());
                return;
            }
            leg.trunk = route.trunk();
            target = route.requestUri();
            transport = route.trunk().transport();
            toUser = route.dialled();
            callerId = route.trunk().callerId(request.callerId());
        }
        String presented = callerId;
        leg.withMedia(media.open(leg, "out " + leg.callId(), near), (rtp, err) -> {
            if (err != null) {
                leg.end(EndCause.FAILED, "no media port: " + err.getMessage());
                return;
            }
            leg.rtp = rtp;
            if (leg.sm.is(LegState.ENDED, LegState.CANCELLING)) {
                leg.end(EndCause.CANCELLED, "cancelled before dialing");
                rtp.close();
                return;
            }
            try {
                signalling.sendInvite(leg, target, transport, presented, toUser, leg.sdp());
            } catch (IllegalStateException e) {
                leg.end(EndCause.FAILED, e.getMessage());
                return;
            }
            leg.armRingTimer(request.ringTimeout().toMillis());
        });
    }

    /** True when a configured trunk serves the number (a phone number, E.164 or national); see {@link SipTrunks#route}. */
    @Override
    public boolean reaches(String number) {
        return trunks.reaches(number);
    }

    @Override
    public boolean knowsRegistrations() {
        return true; // the built-in registrar
    }

    @Override
    public boolean isReachable(String agentId) {
        return registrar.binding(agentId).isPresent();
    }

    @Override
    public boolean monitorsCalls() {
        return true; // the media engine mixes (MonitorMix)
    }

    @Override
    public boolean phoneRegistered(String username) {
        return registrar.phone(username).isPresent();
    }

    @Override
    public void onAgentReachability(AgentReachabilityListener listener) {
        registrar.addListener(listener);
    }

    /** Stats for /health and the supervisor view. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", endpoint.port());
        m.put("registrations", registrar.size());
        if (registrar.shared()) {
            m.put("registrationsTakenHere", registrar.takenHere()); // the rest came through other nodes
        }
        m.put("activeCalls", signalling.activeCalls());
        m.put("invitesIn", signalling.invitesIn.sum());
        m.put("invitesOut", signalling.invitesOut.sum());
        m.put("rejected", signalling.rejected.sum());
        Map<String, Object> rtp = new LinkedHashMap<>(media.stats().snapshot());
        int spare = media.spareSessions();
        rtp.put("spareSessions", spare);
        rtp.put("callSessions", Math.max(0, ((Number) rtp.get("sessions")).longValue() - spare));
        rtp.put("freePorts", media.freePorts());
        rtp.put("portCapacity", media.portCapacity());
        m.put("media", rtp);
        m.put("limits", signalling.admissionStats());
        m.put("authLockoutKeys", lockout.size());
        m.put("trunks", trunks.stats());
        return m;
    }

    /**
     * Why the stack cannot take every call now, or empty when it can: every RTP port taken, or an INVITE
     * refused for want of one within the last {@value #RTP_DEGRADED_SECONDS} seconds.
     */
    public java.util.Optional<String> degraded() {
        int free = media.freePorts();
        if (free <= 0) {
            return java.util.Optional.of("no free RTP port: all " + media.portCapacity() + " of "
                    + config.rtpPortMin() + "-" + config.rtpPortMax() + " in use; new calls get 503");
        }
        var trunkDown = trunks.degraded();
        if (trunkDown.isPresent()) {
            return trunkDown;
        }
        long at = signalling.rtpExhaustedAt();
        if (at > 0 && System.currentTimeMillis() - at < RTP_DEGRADED_SECONDS * 1000L) {
            return java.util.Optional.of("RTP ports ran out " + (System.currentTimeMillis() - at) / 1000
                    + " s ago (calls got 503); " + free + " of " + media.portCapacity() + " free now");
        }
        return java.util.Optional.empty();
    }


}
