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
    /**
     * {@code n} distinct free ports on loopback for the nodes' Hazelcast members: all held open until each is chosen,
     * so that two calls cannot get the same port (closing one probe socket before the next opens allowed that, and
     * a configuration listing a member twice is refused).
     */
    public static int[] freePorts(int n) throws java.io.IOException {
        java.net.ServerSocket[] held = new java.net.ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                held[i] = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } finally {
            for (java.net.ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    public static Path write(Path file, Path work, String jdbcUrl, String nodeId, int hzPort, List<String> members,
                             int rtpBase) throws Exception {
        return write(file, work, jdbcUrl, nodeId, hzPort, members, rtpBase, false);
    }

    /**
     * The same, with web chat on when {@code chat}: a CHAT queue {@code chat} (no wrap-up), the widget's topic
     * {@code support} feeding it, and each agent able to take one chat besides one email.
     */
    public static Path write(Path file, Path work, String jdbcUrl, String nodeId, int hzPort, List<String> members,
                             int rtpBase, boolean chat) throws Exception {
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
                %sagents:
                  - {id: alice, name: Alice, skills: {support: 5}, capacity: {EMAIL: 1%s}}
                  - {id: bob, name: Bob, skills: {support: 5}, capacity: {EMAIL: 1%s}}
                  - {id: carol, name: Carol, skills: {support: 5}, capacity: {EMAIL: 1%s}}
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
                %s""".formatted(work.resolve("data-" + nodeId), jdbcUrl, chat ? CHAT_QUEUE : "",
                chat ? ", CHAT: 1" : "", chat ? ", CHAT: 1" : "", chat ? ", CHAT: 1" : "", flows,
                repo.resolve("ivr-scripts/prompts"),
                repo.resolve("ivr-scripts/prompts/en"), repo.resolve("ivr-scripts/prompts/en/hold-music.wav"), rtpBase, rtpBase + 99, hashes.get("alice"), hashes.get("bob"),
                hashes.get("carol"), hashes.get("supervisor"), nodeId, hzPort, String.join(", ", members), chat ? CHAT_CHANNEL : "");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /** The service number of {@link #writeWithVoice}'s voice queue {@code calls}. */
    public static final String VOICE_NUMBER = "1100";
    /** The SIP realm of {@link #writeWithVoice}. */
    public static final String REALM = "openucc";

    /** The SIP user name of an agent's phone in {@link #writeWithVoice} (its password: {@code <agent>-phone}). */
    public static String phoneUser(String agentId) {
        return switch (agentId) {
            case "alice" -> "2001";
            case "bob" -> "2002";
            case "carol" -> "2003";
            default -> throw new IllegalArgumentException("no phone for " + agentId);
        };
    }

    /**
     * {@link #write} plus voice: a queue {@code calls} (VOICE, skill support) behind service number
     * {@value #VOICE_NUMBER} through the built-in direct flow, a call at a time for every agent, the agents' phone
     * accounts ({@link #phoneUser}), registered phones required for calls, and registrations from 1 s on.
     */
    public static Path writeWithVoice(Path file, Path work, String jdbcUrl, String nodeId, int hzPort,
                                      List<String> members, int rtpBase) throws Exception {
        write(file, work, jdbcUrl, nodeId, hzPort, members, rtpBase);
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        yaml = replaceOnce(yaml, "capacity: {EMAIL: 1}}", "capacity: {EMAIL: 1, VOICE: 1}}", 3);
        yaml = replaceOnce(yaml, "agents:\n", """
                  - id: calls
                    name: Calls
                    channels: [VOICE]
                    skills: {support: 1}
                    strategy: longest-idle
                    wrapUp: 0s
                    offerTimeout: 30s
                agents:
                """, 1);
        StringBuilder accounts = new StringBuilder();
        for (String agent : List.of("alice", "bob", "carol")) {
            accounts.append("    - {agentId: ").append(agent).append(", username: \"").append(phoneUser(agent))
                    .append("\", ha1: ").append(org.openucc.telephony.sip.SipCredentials.ha1(phoneUser(agent), REALM,
                            agent + "-phone")).append("}\n");
        }
        yaml = replaceOnce(yaml, "  requireRegisteredPhone: false\n", "  requireRegisteredPhone: true\n"
                + "  realm: " + REALM + "\n  minExpires: 1s\n  ringTimeout: 15s\n"
                + "  services:\n    - {number: \"" + VOICE_NUMBER + "\", queue: calls}\n  accounts:\n" + accounts, 1);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private static String replaceOnce(String text, String what, String with, int times) {
        int found = text.split(Pattern.quote(what), -1).length - 1;
        if (found != times) {
            throw new IllegalStateException("the cluster test configuration has " + found + " '" + what.strip()
                    + "', not " + times);
        }
        return text.replace(what, with);
    }

    private static final String CHAT_QUEUE = """
              - id: chat
                name: Web chat
                channels: [CHAT]
                skills: {support: 1}
                strategy: longest-idle
                maxWaiting: 0
                wrapUp: 0s
                offerTimeout: 10m
            """;
    private static final String CHAT_CHANNEL = """
            channels:
              chat:
                enabled: true
                topics:
                  - {id: support, label: Support, queue: chat}
            """;

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
