package org.openucc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openucc.ContactCenter;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.log.InteractionLog;
import org.openucc.log.LogEvent;
import org.openucc.log.LogEventType;
import org.openucc.routing.RoutingCommand;
import org.openucc.telephony.asterisk.AsteriskConfig;
import org.openucc.telephony.asterisk.AsteriskPbx;

/**
 * OpenUCC as the Asterisk benchmark runs it: the whole server in this JVM with the demo configuration
 * plus a queue for the benchmark's number, its agents and the {@code asterisk:} section; and what the
 * benchmark reads from it afterwards (AMI events, the interaction log's timestamps).
 */
final class BenchOpenUcc {
    private BenchOpenUcc() {
    }

    /** OpenUCC in this JVM: the demo configuration with a queue for the benchmark's number and its agents. */
    static ContactCenter start(Path dir, Path repo, boolean record, AsteriskPbx pbx, int agi,
            List<AsteriskConfig.AgentPeer> peers) throws Exception {
        Path yaml = writeConfig(repo, record, dir.resolve("contact-center.yaml"), dir.resolve("data"), pbx, agi,
                peers);
        ContactCenterConfig config = new ConfigLoader().load(yaml);
        ContactCenter server = new ContactCenter(config,
                name -> AsteriskBenchmark.SECRET_ENV.equals(name) ? pbx.amiSecret() : null);
        server.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (reachable(server) < peers.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + reachable(server) + " of " + peers.size()
                        + " agents' devices reachable through AMI after 60 s");
            }
            Thread.sleep(100); // a harness waiting for start-up, not a test
        }
        for (AsteriskConfig.AgentPeer p : peers) {
            server.routing().send(new RoutingCommand.Login(agentId(p), true)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        return server;
    }

    static Path writeConfig(Path repo, boolean record, Path file, Path data, AsteriskPbx pbx, int agi,
            List<AsteriskConfig.AgentPeer> peers) throws IOException {
        int rtp = AsteriskPbx.freeUdpRange(100);
        StringBuilder agents = new StringBuilder();
        StringBuilder accounts = new StringBuilder();
        for (AsteriskConfig.AgentPeer p : peers) {
            agents.append("  - {id: ").append(agentId(p)).append(", name: Bench ").append(p.extension())
                    .append(", capacity: {VOICE: 1}}\n");
            accounts.append("    - {agentId: ").append(agentId(p)).append(", username: \"").append(p.extension())
                    .append("\", ha1: ").append(AsteriskRegistrar.md5(p.extension() + ":openucc:" + p.password()))
                    .append("}\n");
        }
        return BenchConfig.demo(repo, data).rtpPorts(rtp, rtp + 99).voiceQueue("bench", "Benchmark")
                .prepend("agents:", agents).prepend("  accounts:", accounts)
                .append("""

                asterisk:
                  enabled: true
                  servers:
                    - {name: pbx1, host: 127.0.0.1, port: %d, username: %s, secretEnv: %s}
                  agiPort: %d
                  recordCalls: %s
                  services:
                    - {number: "%s", queue: bench}
                """.formatted(pbx.amiPort(), pbx.amiUser(), AsteriskBenchmark.SECRET_ENV, agi, record,
                AsteriskBenchmark.NUMBER)).write(file);
    }

    static String agentId(AsteriskConfig.AgentPeer p) {
        return "b" + p.extension();
    }

    /**
     * Where OpenUCC's share goes, from the interaction log's timestamps: interaction created (FastAGI
     * request taken) to QUEUED (the IVR flow reached its queue node, the ACD took the arrival), and
     * QUEUED to OFFERED (the ACD picked an agent); p50 / p99 in ms over the step's interactions. The
     * Originate follows the offer once the offer is committed to the log.
     */
    static String timelineSplit(ContactCenter server) {
        InteractionLog log = server.store().interactionLog();
        log.flush().join();
        List<String> ids = new ArrayList<>();
        log.forEachSummary(Instant.EPOCH, Instant.now().plusSeconds(60), s -> ids.add(s.interactionId()));
        List<Long> queued = new ArrayList<>();
        List<Long> offered = new ArrayList<>();
        for (String id : ids) {
            Map<LogEventType, Instant> first = new java.util.EnumMap<>(LogEventType.class);
            for (LogEvent e : log.timeline(id)) {
                first.putIfAbsent(e.type(), e.at());
            }
            Instant c = first.get(LogEventType.INTERACTION_CREATED);
            Instant q = first.get(LogEventType.QUEUED);
            Instant o = first.get(LogEventType.OFFERED);
            if (c != null && q != null && o != null) {
                queued.add(Duration.between(c, q).toNanos() / 1000);
                offered.add(Duration.between(q, o).toNanos() / 1000);
            }
        }
        var st = server.store().interactionLogStats();
        return String.format(Locale.ROOT, "log: created→queued p50/p99 %s ms, queued→offered %s ms (n=%d); "
                + "log writer: %d events in %d commits, mean commit %.2f ms",
                percentiles(queued), percentiles(offered), queued.size(), st.storedEvents(), st.batches(),
                st.meanCommitMicros() / 1000.0);
    }

    static String percentiles(List<Long> micros) {
        if (micros.isEmpty()) {
            return "n/a";
        }
        long[] s = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "%.2f/%.2f", s[s.length / 2] / 1000.0,
                s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1000.0);
    }

    static int reachable(ContactCenter server) {
        Object n = server.asterisk().telephony().stats().get("agentsReachable");
        return n instanceof Number x ? x.intValue() : 0;
    }

    static long amiEvents(ContactCenter server) {
        long sum = 0;
        if (server.asterisk().telephony().stats().get("servers") instanceof List<?> servers) {
            for (Object s : servers) {
                if (s instanceof Map<?, ?> m && m.get("amiEvents") instanceof Number n) {
                    sum += n.longValue();
                }
            }
        }
        return sum;
    }
}
