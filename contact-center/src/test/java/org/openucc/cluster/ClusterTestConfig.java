package org.openucc.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small center as one node of a test cluster (also used by the cluster benchmark): one email queue {@code work},
 * agents alice, bob and carol with the demo users' passwords ({@code <user>-demo}) and a supervisor, the shared
 * PostgreSQL store, this node's {@code cluster:} section, HTTP and SIP on free ports. Paths are absolute, so the
 * file works from any directory.
 */
public final class ClusterTestConfig {
    private ClusterTestConfig() {
    }

    /**
     * @param work a directory for the flows and the node's data
     * @param hzPort this node's Hazelcast port; {@code members} lists every member's host:port
     */
    public static Path write(Path file, Path work, String jdbcUrl, String nodeId, int hzPort, List<String> members,
                             int rtpBase) throws Exception {
        Path repo = repository();
        Path flows = Files.createDirectories(work.resolve("flows"));
        Files.copy(repo.resolve("ivr-scripts/flows/direct.yaml"), flows.resolve("direct.yaml"),
                StandardCopyOption.REPLACE_EXISTING); // the shipped flows name the demo's queues
        Map<String, String> hashes = demoHashes(repo);
        String yaml = """
                server:
                  host: 127.0.0.1
                  httpPort: 0
                  dataDir: %s
                store:
                  jdbcUrl: %s
                  user: openucc
                  password: ""
                  demoData: false
                routing:
                  missedOffersBeforeNotReady: 0
                skills:
                  - {id: support, name: Support}
                reasonCodes:
                  - {code: login, label: Just logged in}
                  - {code: break, label: Break}
                  - {code: lunch, label: Lunch}
                  - {code: training, label: Training}
                queues:
                  - id: work
                    name: Work
                    channels: [EMAIL]
                    skills: {support: 1}
                    strategy: longest-idle
                    maxWaiting: 0
                    wrapUp: 0s
                    offerTimeout: 10m
                agents:
                  - {id: alice, name: Alice, skills: {support: 5}, capacity: {EMAIL: 1}}
                  - {id: bob, name: Bob, skills: {support: 5}, capacity: {EMAIL: 1}}
                  - {id: carol, name: Carol, skills: {support: 5}, capacity: {EMAIL: 1}}
                ivr:
                  flowsDir: %s
                  promptsDir: %s
                  watch: false
                sip:
                  host: 127.0.0.1
                  port: 0
                  promptDir: %s
                  holdMusic: %s
                  rtpPortMin: %d
                  rtpPortMax: %d
                  recordCalls: false
                  requireRegisteredPhone: false
                users:
                  - {username: alice, role: AGENT, agentId: alice, passwordHash: '%s'}
                  - {username: bob, role: AGENT, agentId: bob, passwordHash: '%s'}
                  - {username: carol, role: AGENT, agentId: carol, passwordHash: '%s'}
                  - {username: supervisor, role: SUPERVISOR, passwordHash: '%s'}
                cluster:
                  enabled: true
                  name: test
                  nodeId: %s
                  host: 127.0.0.1
                  port: %d
                  members: [%s]
                """.formatted(work.resolve("data-" + nodeId), jdbcUrl, flows, repo.resolve("ivr-scripts/prompts"),
                repo.resolve("ivr-scripts/prompts/en"), repo.resolve("ivr-scripts/prompts/en/hold-music.wav"), rtpBase, rtpBase + 99, hashes.get("alice"), hashes.get("bob"),
                hashes.get("carol"), hashes.get("supervisor"), nodeId, hzPort, String.join(", ", members));
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /** The repository root: the nearest directory up from here with config/contact-center.yaml. */
    public static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("config/contact-center.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from the repository: config/contact-center.yaml not found above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The demo users' bcrypt hashes, read from the shipped configuration. */
    private static Map<String, String> demoHashes(Path repo) throws Exception {
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("\\{username: (\\w+), role: \\w+,[^}]*passwordHash: '([^']+)'}")
                .matcher(Files.readString(repo.resolve("config/contact-center.yaml")));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        for (String u : List.of("alice", "bob", "carol", "supervisor")) {
            if (!out.containsKey(u)) {
                throw new IllegalStateException("the demo configuration has no password hash for " + u);
            }
        }
        return out;
    }
}
