package org.openucc.telephony.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openucc.config.AgentConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.RoutingConfig;
import org.openucc.config.ServiceNumber;
import org.openucc.config.SipAccount;
import org.openucc.config.SipConfig;
import org.openucc.interaction.Channel;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.RoutingService;
import org.openucc.routing.RoutingStrategies;
import org.openucc.telephony.media.PromptFiles;
import org.openucc.telephony.media.RecordingFiles;
import org.openucc.voice.QueueFlowSettings;
import org.openucc.voice.VoicePorts;
import org.openucc.voice.VoiceQueueFlow;

/**
 * The built-in telephony wired as the composition root will wire it: a real RoutingService with a
 * voice queue "support" on service number 1000, SipTelephony on a free port of 127.0.0.1, and the
 * VoiceQueueFlow between them. Agents ann, bob, cho with phone password "secret-<id>".
 */
final class SipRig implements AutoCloseable {
    static final String REALM = "openucc-test";
    static final String NUMBER = "1000";

    final RoutingService routing;
    final SipTelephony telephony;
    final VoiceQueueFlow flow;
    final Path dataDir;
    final List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    final List<Path> recordings = new CopyOnWriteArrayList<>();
    final List<TestPhone> phones = new ArrayList<>();

    SipRig() throws Exception {
        this(Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    SipRig(Duration announceInterval, Duration ringTimeout) throws Exception {
        this(announceInterval, ringTimeout, List.of(new ServiceNumber(NUMBER, "support", null)), null);
    }

    /**
     * @param services the service numbers (queue "support" exists)
     * @param ports    what the voice flow talks to, given the routing service; null: straight to queues
     */
    SipRig(Duration announceInterval, Duration ringTimeout, List<ServiceNumber> services,
           java.util.function.Function<RoutingService, VoicePorts> ports) throws Exception {
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
        SipConfig config = new SipConfig("127.0.0.1", 0, Set.of("udp", "tcp"), REALM, 40_000, 44_999,
                services, accounts, prompts.toString(), null, null,
                announceInterval, ringTimeout, dataDir.resolve("recordings").toString(), Duration.ofSeconds(1),
                Duration.ofHours(1), true);
        telephony = new SipTelephony(config, SipCredentials.of(config.accounts()), promptFiles(),
                new RecordingFiles(dataDir.resolve("recordings"), dataDir.resolve("voicemail")));
        QueueFlowSettings settings = QueueFlowSettings.from(config, dataDir.toString());
        flow = ports == null ? new VoiceQueueFlow(telephony, routing, settings)
                : new VoiceQueueFlow(telephony, routing, ports.apply(routing), settings);
        flow.onRecordingAvailable((id, location, millis) -> recordings.add(Path.of(location)));
        flow.start();
        telephony.start();
    }

    /** The built-in stack's catalog over the repository's prompt library, falling back to English. */
    static PromptFiles promptFiles() {
        return new PromptFiles(promptDir().getParent(), "en");
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
        TestPhone p = new TestPhone(user, "127.0.0.1", telephony.port());
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
        routing.run(e -> e.login(agentId, true)).join();
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
        routing.close();
    }
}
