package org.openucc.telephony.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceNumber;
import org.openucc.config.SipAccount;
import org.openucc.config.SipConfig;
import org.openucc.config.SipLimits;
import org.openucc.limits.Rejections;
import org.openucc.interaction.Channel;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.openucc.telephony.media.PromptFiles;
import org.openucc.telephony.media.RecordingFiles;
import org.openucc.config.IvrConfig;
import org.openucc.ivr.IvrService;
import org.openucc.ivr.adapter.RoutingIvrRouting;
import org.openucc.ivr.adapter.ScheduledIvrTimers;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.runtime.IvrJournal;
import org.openucc.ivr.runtime.IvrPorts;
import org.openucc.ivr.runtime.RuntimeSettings;
import org.openucc.voice.IvrFront;
import org.openucc.voice.QueueFlowSettings;
import org.openucc.voice.VoicePorts;
import org.openucc.voice.VoiceQueueFlow;

/**
 * The built-in telephony wired as the composition root will wire it: a real RoutingService with a
 * voice queue "support" on service number 1000, SipTelephony on a free port of 127.0.0.1, a real
 * IVR with the shipped direct flow (its announcement interval as the test asks), and the
 * VoiceQueueFlow between them. Agents ann, bob, cho with phone password "secret-<id>".
 */
final class SipRig implements AutoCloseable {
    static final String REALM = "openucc-test";
    static final String NUMBER = "1000";

    final RoutingService routing;
    final SipTelephony telephony;
    final VoiceQueueFlow flow;
    /** The IVR that runs the direct flow (and whatever else the test's ports hand it). */
    final IvrService ivr;
    final Path dataDir;
    final List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    final List<Path> recordings = new CopyOnWriteArrayList<>();
    final List<TestPhone> phones = new ArrayList<>();
    /** What the door refused, by limit (door "sip"). */
    final Rejections rejections = new Rejections();
    private final RoutingIvrRouting ivrQueues;
    private final ExecutorService ivrPool;
    private final ScheduledIvrTimers ivrTimers;

    SipRig() throws Exception {
        this(Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    SipRig(Duration announceInterval, Duration ringTimeout) throws Exception {
        this(announceInterval, ringTimeout, List.of(new ServiceNumber(NUMBER, "support", null)), null);
    }

    /**
     * @param announceInterval how often the direct flow announces position and wait (written into its copy)
     * @param services         the service numbers (queue "support" exists)
     * @param ports            what the voice flow talks to, given the rig's real IVR; null: that IVR alone
     */
    SipRig(Duration announceInterval, Duration ringTimeout, List<ServiceNumber> services,
           java.util.function.Function<IvrFront, VoicePorts> ports) throws Exception {
        this(announceInterval, ringTimeout, services, ports, SipLimits.DEFAULTS, 40_000, 44_999, Map.of(), null);
    }

    /** A rig whose calls end after {@code mediaTimeout} without RTP (sip.mediaTimeout). */
    SipRig(Duration mediaTimeout) throws Exception {
        this(Duration.ofSeconds(30), Duration.ofSeconds(5), List.of(new ServiceNumber(NUMBER, "support", null)), null,
                SipLimits.DEFAULTS, 40_000, 44_999, Map.of(), mediaTimeout);
    }

    /** A rig with the door's limits, RTP range and queues' own maxWaiting as the test asks (queue "support"). */
    SipRig(SipLimits limits, int rtpPortMin, int rtpPortMax, Map<String, Integer> queueMaxWaiting) throws Exception {
        this(Duration.ofSeconds(30), Duration.ofSeconds(5), List.of(new ServiceNumber(NUMBER, "support", null)), null,
                limits, rtpPortMin, rtpPortMax, queueMaxWaiting, null);
    }

    private SipRig(Duration announceInterval, Duration ringTimeout, List<ServiceNumber> services,
                   java.util.function.Function<IvrFront, VoicePorts> ports, SipLimits limits, int rtpPortMin,
                   int rtpPortMax, Map<String, Integer> queueMaxWaiting, Duration mediaTimeout) throws Exception {
        dataDir = Files.createTempDirectory("openucc-sip");
        routing = new RoutingService(new RoutingConfig(0, null, Duration.ofMillis(1), 0, null, 0), InstantSource.system(),
                RoutingStrategies.builtIn());
        routing.addListener(events::add);
        QueueConfig queue = new QueueConfig("support", null, Set.of(Channel.VOICE), Map.of(), null, null, null, null,
                null, null, null, null, 0, Duration.ZERO, Duration.ofSeconds(30), null, null);
        List<AgentConfig> agents = List.of(new AgentConfig("ann", "Ann", Map.of(), null),
                new AgentConfig("bob", "Bob", Map.of(), null), new AgentConfig("cho", "Cho", Map.of(), null));
        routing.load(List.of(queue), agents).join();
        List<SipAccount> accounts = agents.stream()
                .map(a -> SipCredentials.account(a.id(), a.id(), REALM, "secret-" + a.id())).toList();
        Path prompts = promptDir();
        SipConfig config = new SipConfig("127.0.0.1", 0, Set.of("udp", "tcp"), REALM, rtpPortMin, rtpPortMax,
                services, accounts, prompts.toString(), null, ringTimeout, dataDir.resolve("recordings").toString(),
                Duration.ofSeconds(1), Duration.ofHours(1), true).withLimits(limits).withMediaTimeout(mediaTimeout);
        telephony = new SipTelephony(config, SipCredentials.of(config.accounts()), promptFiles(),
                new RecordingFiles(dataDir.resolve("recordings"), dataDir.resolve("voicemail")),
                new org.openucc.concurrent.ThreadPools(), rejections, queueMaxWaiting);

        // The IVR as IvrComponent builds it, over a flows directory holding the shipped direct flow.
        ivrQueues = new RoutingIvrRouting(routing);
        routing.addListener(ivrQueues);
        ivrPool = Executors.newFixedThreadPool(2, daemon("sip-rig-ivr"));
        ivrTimers = new ScheduledIvrTimers(Executors.newSingleThreadScheduledExecutor(daemon("sip-rig-ivr-timers")));
        Path flows = Files.createDirectories(dataDir.resolve("flows"));
        writeDirectFlow(flows, announceInterval);
        Path promptsRoot = prompts.getParent();
        IvrConfig ivrConfig = new IvrConfig(flows.toString(), promptsRoot.toString(), List.of("en", "zh"), "en", null,
                ZoneId.of("UTC"), dataDir.resolve("voicemail").toString(), false);
        FlowEnvironment environment = new FlowEnvironment(promptsRoot, ivrConfig.languages(), "en",
                ivrConfig.holdMusic(), Map.of("support", Set.of(Channel.VOICE)), Set.of(), Set.of());
        IvrPorts ivrPorts = new IvrPorts(VoicePorts.NO_CUSTOMERS, ivrQueues, IvrJournal.NONE, null, ivrTimers,
                InstantSource.system(), ivrPool);
        ivr = new IvrService(ivrConfig, environment, ivrPorts, new RuntimeSettings(promptsRoot, ZoneId.of("UTC"),
                Map.of(), 200));
        ivr.start();
        IvrFront realIvr = ivr::run;

        QueueFlowSettings settings = QueueFlowSettings.from(config, dataDir.toString());
        flow = new VoiceQueueFlow(telephony, routing, ports == null ? new VoicePorts(null, realIvr, null)
                : ports.apply(realIvr), settings);
        flow.onRecordingAvailable((id, location, millis) -> recordings.add(Path.of(location)));
        flow.start();
        telephony.start();
    }

    /** The built-in stack's catalog over the repository's prompt library, falling back to English. */
    static PromptFiles promptFiles() {
        return new PromptFiles(promptDir().getParent(), "en");
    }

    /** The shipped direct flow, announcing every {@code interval} (never if zero). */
    private static void writeDirectFlow(Path flows, Duration interval) throws java.io.IOException {
        Path shipped = promptDir().getParent().getParent().resolve("flows")
                .resolve(VoiceQueueFlow.DIRECT_FLOW + ".yaml");
        String yaml = Files.readString(shipped);
        String announce = "    announce: 30s\n";
        if (!yaml.contains(announce)) {
            throw new IllegalStateException(shipped + " no longer announces every 30s; adjust the rig");
        }
        yaml = yaml.replace(announce, interval.isZero() ? "" : "    announce: " + interval.toMillis() / 1000 + "s\n");
        Files.writeString(flows.resolve(VoiceQueueFlow.DIRECT_FLOW + ".yaml"), yaml);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static Path promptDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("ivr-scripts/prompts/en"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("ivr-scripts/prompts/en not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("ivr-scripts/prompts/en");
    }

    TestPhone phone(String user) throws Exception {
        return phone(user, "127.0.0.1");
    }

    /** A phone sending from {@code host}: another 127.x address is another source to the server. */
    TestPhone phone(String user, String host) throws Exception {
        TestPhone p = new TestPhone(user, host, "127.0.0.1", telephony.port());
        phones.add(p);
        return p;
    }

    /** A phone registered with the right password and its agent logged in READY. */
    TestPhone readyAgent(String agentId) throws Exception {
        TestPhone p = phone(agentId);
        int status = p.register("secret-" + agentId, 3600).getStatusCode();
        if (status != 200) {
            throw new IllegalStateException("registration of " + agentId + " failed with " + status);
        }
        routing.send(new org.openucc.routing.RoutingCommand.Login(agentId, true)).toCompletableFuture().join();
        return p;
    }

    <T extends RoutingEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        phones.forEach(TestPhone::close);
        flow.stop();
        telephony.stop();
        ivr.stop();
        ivrTimers.close();
        ivrPool.shutdownNow();
        routing.removeListener(ivrQueues);
        routing.close();
    }
}
