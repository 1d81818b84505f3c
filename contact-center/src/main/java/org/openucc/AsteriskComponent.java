package org.openucc;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openucc.concurrent.ThreadPools;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServiceNumber;
import org.openucc.cti.CallCommands;
import org.openucc.limits.Rejections;
import org.openucc.recovery.CallKeeper;
import org.openucc.recovery.InteractionRecovery;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingPort;
import org.openucc.telephony.asterisk.AsteriskTelephony;
import org.openucc.telephony.media.PromptFiles;
import org.openucc.voice.LogVoiceJournal;
import org.openucc.voice.QueueFlowSettings;
import org.openucc.voice.VoiceCallCommands;
import org.openucc.voice.VoicePorts;
import org.openucc.voice.VoiceQueueFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls carried by Asterisk ({@code asterisk:} in the configuration), as a server component: the
 * FastAGI server and the AMI links ({@link AsteriskTelephony}) and a voice flow of their own, which
 * runs the same IVR flows and queues in the same ACD as the built-in SIP stack. Recordings are indexed in
 * the log; the console's call commands act on its calls ({@link #callCommands()}). After a restart it
 * takes up the calls Asterisk kept ({@link #keeper()}). Started after the store, the ACD and the IVR;
 * does nothing when the section is not enabled.
 */
public final class AsteriskComponent implements Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(AsteriskComponent.class);

    private final ContactCenterConfig config;
    private final RoutingPort routing;
    private final StoreComponent store;
    private final IvrComponent ivr;
    private final ThreadPools pools;
    private final Rejections rejections;
    private final Function<String, String> env;
    private final Keeper keeper = new Keeper();
    private volatile AsteriskTelephony telephony;
    private volatile VoiceQueueFlow flow;
    private volatile CallCommands commands;

    public AsteriskComponent(ContactCenterConfig config, RoutingPort routing, StoreComponent store, IvrComponent ivr,
                             ThreadPools pools, Rejections rejections, Function<String, String> env) {
        this.config = config;
        this.routing = routing;
        this.store = store;
        this.ivr = ivr;
        this.pools = pools;
        this.rejections = rejections;
        this.env = env;
    }

    @Override
    public String name() {
        return "asterisk";
    }

    public boolean enabled() {
        return config.asterisk().enabled();
    }

    @Override
    public void start() throws Exception {
        if (!enabled()) {
            return;
        }
        var a = config.asterisk();
        Map<String, String> secrets = new HashMap<>();
        for (var s : a.servers()) {
            String secret = env.apply(s.secretEnv());
            if (secret == null || secret.isEmpty()) {
                throw new IllegalStateException("asterisk server " + s.name() + ": the environment variable "
                        + s.secretEnv() + " (its AMI secret) is not set");
            }
            secrets.put(s.name(), secret);
        }
        String dataDir = config.server().dataDir();
        Path sounds = Path.of(dataDir, "asterisk-sounds").toAbsolutePath();
        PromptFiles prompts = new PromptFiles(IvrComponent.promptsDir(config), config.ivr().defaultLanguage());
        String recordings = Path.of(a.recordingsDir(dataDir)).toAbsolutePath().toString();
        String voicemail = Path.of(config.ivr().voicemailDir(dataDir)).toAbsolutePath().toString();
        java.nio.file.Files.createDirectories(Path.of(recordings));
        java.nio.file.Files.createDirectories(Path.of(voicemail));
        telephony = new AsteriskTelephony(a, secrets, a.agentDevices(config.sip().accounts()),
                a.userPhones(config.sip().accounts()), prompts, sounds,
                a.soundsDir(), recordings, voicemail,
                pools, rejections);
        QueueFlowSettings base = QueueFlowSettings.from(config.sip(), dataDir);
        Map<String, ServiceNumber> services = new LinkedHashMap<>();
        a.services().forEach(n -> services.put(n.number(), n));
        QueueFlowSettings settings = new QueueFlowSettings(services, base.holdMusic(), a.ringTimeout(),
                a.recordCalls() ? Path.of(recordings) : null);
        VoicePorts ports = new VoicePorts(ivr.customers(), (call, flowName, ivrCall) ->
                ivr.service().run(call, flowName, ivrCall),
                new LogVoiceJournal(store.services().interactionLog(), InstantSource.system()));
        if (a.requireRegisteredPhone()) {
            routing.send(new RoutingCommand.RequirePhoneRegistration(true)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        flow = new VoiceQueueFlow(telephony, routing, ports, settings, pools, "asterisk-voice-call");
        flow.indexRecordingsIn(store.services().interactionLog());
        flow.startWith(telephony::start);
        commands = new VoiceCallCommands(flow);
    }

    @Override
    public void stop() {
        commands = null;
        if (telephony != null) {
            telephony.stop();
        }
        if (flow != null) {
            flow.stop();
        }
    }

    /** Whether an agent's calls go to a device on Asterisk (not the built-in registrar). */
    public boolean carriesAgent(String agentId) {
        if (!enabled()) {
            return false;
        }
        return config.asterisk().agentDevices(config.sip().accounts()).stream()
                .anyMatch(a -> a.agentId().equals(agentId));
    }

    /** Whether calls to numbers go out through Asterisk's trunk ({@code asterisk.outbound.channel}). */
    public boolean dialsNumbers() {
        return enabled() && config.asterisk().outbound().enabled();
    }

    /** Whether the interaction's call is carried here. */
    public boolean owns(String interactionId) {
        VoiceQueueFlow f = flow;
        return f != null && f.has(interactionId);
    }

    /** Hold, resume, transfer and hang up of the calls carried here; 409 while not running. */
    public CallCommands callCommands() {
        return new LateCallCommands(() -> commands, "the Asterisk adapter is not running");
    }

    /** Takes up, after a restart, the calls Asterisk kept; null when the adapter is off. */
    public CallKeeper keeper() {
        return enabled() ? keeper : null;
    }

    public AsteriskTelephony telephony() {
        return telephony;
    }

    public VoiceQueueFlow flow() {
        return flow;
    }

    @Override
    public ComponentHealth health() {
        if (!enabled()) {
            return ComponentHealth.up(Map.of("enabled", false));
        }
        AsteriskTelephony t = telephony;
        VoiceQueueFlow f = flow;
        if (t == null || f == null) {
            return ComponentHealth.down("not started");
        }
        Map<String, Object> d = new LinkedHashMap<>(t.stats());
        d.putAll(f.stats());
        return t.problem().map(p -> ComponentHealth.downContained(p, d)).orElseGet(() -> ComponentHealth.up(d));
    }

    /** What the recovery does with the calls Asterisk may still carry. */
    private final class Keeper implements CallKeeper {
        private final Map<String, String> waiting = new ConcurrentHashMap<>();

        @Override
        public Decision keep(InteractionRecovery r) {
            AsteriskTelephony t = telephony;
            VoiceQueueFlow f = flow;
            Map<String, String> at = r.attributes();
            String uid = at.get("callId");
            String server = at.get("asterisk.server");
            String number = at.get("dialedNumber");
            if (t == null || f == null || uid == null || server == null) {
                return Decision.END;
            }
            switch (r.stage()) {
                case WAITING, OFFERED -> {
                    var leg = t.keepWaiting(r.interactionId(), uid, server, number, at.get("callerNumber"));
                    if (leg.isEmpty() || r.queueId() == null) {
                        return Decision.END;
                    }
                    f.adoptWaiting(r.interactionId(), leg.get(), r.queueId(), at, r.customerId(), r.tier());
                    waiting.put(r.interactionId(), r.queueId());
                    return Decision.RESTORE;
                }
                case IN_HAND -> {
                    if (r.agentId() == null) {
                        return Decision.END;
                    }
                    t.keepBridged(r.interactionId(), uid, server, number, r.agentId()).whenComplete((legs, err) -> {
                        if (err != null) {
                            log.info("interaction {}: the call did not survive the restart ({}); it ends",
                                    r.interactionId(), err.getMessage());
                            f.lost(r.interactionId(), "the call ended while OpenUCC was restarting");
                        } else {
                            log.info("interaction {}: still bridged with {} after the restart; taken up again",
                                    r.interactionId(), r.agentId());
                            f.adoptConnected(r.interactionId(), legs.caller(), legs.agent(), r.agentId());
                        }
                    });
                    return Decision.REATTACH;
                }
                default -> {
                    return Decision.END; // in the IVR: the caller comes back over FastAGI as a new call
                }
            }
        }

        @Override
        public void kept(InteractionRecovery r) {
            if (waiting.remove(r.interactionId()) != null) {
                flow.followAdopted(r.interactionId());
            }
        }

        @Override
        public void refused(InteractionRecovery r, String reason) {
            waiting.remove(r.interactionId());
            log.warn("interaction {}: the ACD did not take the kept call back: {}", r.interactionId(), reason);
        }
    }
}
